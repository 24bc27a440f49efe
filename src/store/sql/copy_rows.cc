#include "store/sql/copy_rows.h"

#include <algorithm>
#include <map>
#include <optional>

namespace zkpush::store::sql {

namespace {

constexpr std::size_t kMaxBatchRows = 500;
// PostgreSQL numbers at most 65535 parameters in one statement.
constexpr std::size_t kMaxParameters = 65535;
// A batch of photos is sent before it holds this much, whatever its rows.
constexpr std::size_t kMaxBatchBytes = 16 << 20;

std::string column_list(const CopyTable& table) {
  std::string list;
  for (const CopyColumn& c : table.columns) {
    if (!list.empty()) list += ", ";
    list += quote_identifier(c.name);
  }
  return list;
}

// Reads the source and writes batches of its rows into the target.
class TableCopier {
 public:
  TableCopier(Connection& to, const CopyTable& table)
      : to_(to),
        table_(table),
        width_(table.columns.size()),
        batch_rows_(std::max<std::size_t>(1, std::min(kMaxBatchRows, kMaxParameters / width_))) {}

  // Keeps the current row's values (a row's values live only until the next
  // step, a batch outlives many) and sends the batch once it is full.
  Status add(const Statement& row) {
    for (std::size_t c = 0; c < width_; ++c) {
      const int column = static_cast<int>(c);
      if (row.is_null(column)) {
        values_.emplace_back(std::nullopt);
        continue;
      }
      const std::string_view v = table_.columns[c].blob ? row.blob(column) : row.text(column);
      bytes_ += v.size();
      values_.emplace_back(std::string(v));
    }
    if (values_.size() / width_ >= batch_rows_ || bytes_ >= kMaxBatchBytes) return flush();
    return Status::success();
  }

  Status flush() {
    const std::size_t rows = values_.size() / width_;
    if (rows == 0) return Status::success();
    Result<Statement> insert = to_.prepare(insert_sql(rows));
    if (!insert) return insert.error();
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const int parameter = static_cast<int>(i) + 1;
      const std::optional<std::string>& v = values_[i];
      if (!v)
        insert->bind_null(parameter);
      else if (table_.columns[i % width_].blob)
        insert->bind_blob(parameter, *v);
      else
        insert->bind_text(parameter, *v);
    }
    if (Status s = insert->run(); !s) return Error{s.error().kind, "copying " + table_.name + ": " + s.error().message};
    values_.clear();
    bytes_ = 0;
    return Status::success();
  }

 private:
  // INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4)...: built once per batch
  // size (the full one, and the last, shorter batch).
  const std::string& insert_sql(std::size_t rows) {
    std::string& sql = insert_sql_[rows];
    if (!sql.empty()) return sql;
    sql = "INSERT INTO " + quote_identifier(table_.name) + " (" + column_list(table_) + ") VALUES ";
    int parameter = 1;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < width_; ++c) {
        if (c != 0) sql += ", ";
        sql += "?" + std::to_string(parameter++);
      }
      sql += ")";
    }
    return sql;
  }

  Connection& to_;
  const CopyTable& table_;
  const std::size_t width_;
  const std::size_t batch_rows_;
  std::vector<std::optional<std::string>> values_;  // row after row
  std::size_t bytes_ = 0;
  std::map<std::size_t, std::string> insert_sql_;  // by rows
};

}  // namespace

std::string quote_identifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

Result<int64_t> copy_rows(Connection& from, Connection& to, const CopyTable& table, const CopyProgress& progress) {
  if (table.columns.empty()) return Error::storage("table " + table.name + " has no columns to copy");
  Result<Statement> rows = from.prepare("SELECT " + column_list(table) + " FROM " + quote_identifier(table.name));
  if (!rows) return rows.error();
  TableCopier copier(to, table);
  int64_t copied = 0;
  for (;;) {
    Result<bool> row = rows->step();
    if (!row) return row.error();
    if (!*row) break;
    if (Status s = copier.add(*rows); !s) return s.error();
    if (++copied % kProgressRows == 0 && progress) progress(table.name, copied);
  }
  if (Status s = copier.flush(); !s) return s.error();
  return copied;
}

Result<int64_t> count_rows(Connection& db, const std::string& table) {
  Result<Statement> st = db.prepare("SELECT count(*) FROM " + quote_identifier(table));
  if (!st) return st.error();
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row ? st->int64(0) : 0;
}

}  // namespace zkpush::store::sql
