#include "store/postgres/pg_statement.h"

#include <charconv>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_error.h"
#include "store/postgres/sql_text.h"
#include "util/hex.h"

namespace zkpush::store::postgres {

namespace {

// BYTEAOID of the server's catalog/pg_type_d.h, which libpq does not ship.
constexpr Oid kByteaOid = 17;

// Rows an INSERT, UPDATE, DELETE or MERGE changed; 0 for anything else
// (PQcmdTuples also counts a SELECT's rows, which changed nothing).
int64_t changed_rows(PGresult* result) {
  const std::string_view status = PQcmdStatus(result);
  if (!(status.starts_with("INSERT ") || status.starts_with("UPDATE ") ||
        status.starts_with("DELETE ") || status.starts_with("MERGE "))) {
    return 0;
  }
  const std::string_view count = PQcmdTuples(result);
  int64_t n = 0;
  std::from_chars(count.data(), count.data() + count.size(), n);
  return n;
}

std::size_t count_used(const std::vector<int>& slots) {
  std::size_t n = 0;
  for (int slot : slots) n += slot != 0 ? 1 : 0;
  return n;
}

}  // namespace

PgStatement::PgStatement(PgConnection& conn, std::string name, std::string sql, std::vector<int> slots,
                         bool cached)
    : conn_(conn),
      name_(std::move(name)),
      sql_(std::move(sql)),
      cached_(cached),
      slots_(std::move(slots)),
      parameters_(count_used(slots_)),
      values_(parameters_.size()),
      lengths_(parameters_.size()),
      formats_(parameters_.size()) {}

PgStatement::~PgStatement() { PQclear(result_); }

PgStatement* PgStatement::private_copy() const {
  return new PgStatement(conn_, name_, sql_, slots_, false);
}

PgStatement::Parameter* PgStatement::parameter(int index) {
  if (index >= 1 && index < static_cast<int>(slots_.size())) {
    return slots_[index] == 0 ? &unused_ : &parameters_[slots_[index] - 1];
  }
  if (bind_error_.empty()) {
    bind_error_ = "cannot bind parameter " + std::to_string(index) + ": the statement has " +
                  std::to_string(slots_.empty() ? 0 : slots_.size() - 1);
  }
  return nullptr;
}

void PgStatement::bind_int(int index, int64_t value) {
  Parameter* p = parameter(index);
  if (p == nullptr) return;
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  p->buffer.assign(digits, end);
  p->value = p->buffer.c_str();
  p->length = 0;
  p->format = 0;
}

void PgStatement::bind_text(int index, std::string_view value) {
  Parameter* p = parameter(index);
  if (p == nullptr) return;
  // Copied: libpq reads a text parameter up to its NUL.
  to_pg_text(value, p->buffer);
  p->value = p->buffer.c_str();
  p->length = 0;
  p->format = 0;
}

void PgStatement::bind_blob(int index, std::string_view value) {
  Parameter* p = parameter(index);
  if (p == nullptr) return;
  // Binary format: the bytes go as they are, without a copy. A non-null
  // pointer even when empty, so an empty blob is not NULL.
  p->value = value.empty() ? "" : value.data();
  p->length = static_cast<int>(value.size());
  p->format = 1;
}

void PgStatement::bind_null(int index) {
  Parameter* p = parameter(index);
  if (p == nullptr) return;
  p->value = nullptr;
  p->length = 0;
  p->format = 0;
}

Status PgStatement::gather() {
  if (!bind_error_.empty()) return Error::storage(bind_error_ + " while running: " + sql_.substr(0, 72));
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    values_[i] = parameters_[i].value;
    lengths_[i] = parameters_[i].length;
    formats_[i] = parameters_[i].format;
  }
  return Status::success();
}

Status PgStatement::run_deferred() {
  if (Status s = gather(); !s) return s;
  return conn_.send_deferred(name_.c_str(), static_cast<int>(values_.size()), values_.data(), lengths_.data(),
                             formats_.data(), sql_);
}

Result<bool> PgStatement::step() {
  if (result_ == nullptr) {
    if (Status s = gather(); !s) return s.error();
    if (Status s = conn_.settle(); !s) return s.error();  // PQexecPrepared waits
    PGresult* result = PQexecPrepared(conn_.handle(), name_.c_str(), static_cast<int>(values_.size()),
                                      values_.data(), lengths_.data(), formats_.data(), 0);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      Error e = pg_error(conn_.handle(), result, sql_);
      PQclear(result);
      return e;
    }
    result_ = result;
    decoded_.resize(PQnfields(result_));
    is_decoded_.resize(PQnfields(result_));
  }
  is_decoded_.assign(is_decoded_.size(), false);
  if (row_ + 1 < PQntuples(result_)) {
    ++row_;
    return true;
  }
  if (!finished_) {
    finished_ = true;
    conn_.changes_ = changed_rows(result_);
  }
  return false;
}

void PgStatement::reset() {
  PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  finished_ = false;
}

void PgStatement::release() {
  reset();
  for (Parameter& p : parameters_) bind_null(static_cast<int>(&p - parameters_.data()) + 1);
  bind_error_.clear();
  if (!cached_) {
    delete this;
    return;
  }
  in_use_ = false;
}

const char* PgStatement::value(int column) const {
  if (result_ == nullptr || row_ < 0 || row_ >= PQntuples(result_) || column < 0 ||
      column >= PQnfields(result_) || PQgetisnull(result_, row_, column)) {
    return nullptr;
  }
  return PQgetvalue(result_, row_, column);
}

bool PgStatement::is_bytea(int column) const { return PQftype(result_, column) == kByteaOid; }

int64_t PgStatement::int64(int column) const {
  const char* v = value(column);
  if (v == nullptr) return 0;
  const std::string_view s(v, PQgetlength(result_, row_, column));
  if (s == "t") return 1;  // a boolean
  if (s == "f") return 0;
  int64_t n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

bool PgStatement::is_null(int column) const { return value(column) == nullptr; }

std::string_view PgStatement::text(int column) const {
  const char* v = value(column);
  if (v == nullptr) return {};
  if (is_bytea(column)) return decoded(column);
  return {v, static_cast<std::size_t>(PQgetlength(result_, row_, column))};
}

std::string_view PgStatement::blob(int column) const { return text(column); }

std::string_view PgStatement::decoded(int column) const {
  std::string& out = decoded_[column];
  if (is_decoded_[column]) return out;
  // The hex form the connection asks for (bytea_output = hex): \x, then two
  // digits a byte.
  const std::string_view hex(PQgetvalue(result_, row_, column),
                             PQgetlength(result_, row_, column));
  out.clear();
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(hex_value(hex[i]) * 16 + hex_value(hex[i + 1]));
  }
  is_decoded_[column] = true;
  return out;
}

}  // namespace zkpush::store::postgres
