// Inserting many rows with few statements: `INSERT ... VALUES (...), (...),
// ...` of up to kMaxRows rows each. On PostgreSQL every statement is a round
// trip to the server, so a 128-line ATTLOG upload costs one statement, not
// 128; SQLite runs a multi-row VALUES as fast as the same rows one by one.
//
// A statement's text is fixed by its row count, and the connection caches
// statements by text, so the counts are powers of two (128, 64, ... 1): a
// batch of any size is cut into at most eight cached statements.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/sql/connection.h"
#include "util/error.h"

namespace zkpush::store::sql {

// One row's own values in a multi-row statement: value j (from 1) of the row.
class RowParameters {
 public:
  RowParameters(Statement& st, int before) : st_(st), before_(before) {}
  void bind_int(int j, int64_t value) { st_.bind_int(before_ + j, value); }
  void bind_text(int j, std::string_view value) { st_.bind_text(before_ + j, value); }
  void bind_null(int j) { st_.bind_null(before_ + j); }

 private:
  Statement& st_;
  int before_;
};

class RowBatches {
 public:
  static constexpr std::size_t kMaxRows = 128;

  // `head` ends with "VALUES " (or "(VALUES "), `tail` follows the rows
  // (" ON CONFLICT DO NOTHING"). `row` is one row's tuple: `?k` (k <= shared)
  // is a parameter every row shares, `@j` (1 <= j <= per_row) the row's own
  // j-th value, e.g. "(?1, @1, @2, ?2)".
  RowBatches(std::string_view head, std::string_view row, int shared, int per_row, std::string_view tail);

  // Runs the statements for `count` rows: bind_shared(Statement&) binds the
  // shared parameters, bind_row(RowParameters&, i) a row from item i (0 <=
  // i < count, in order). Gives the rows the statements changed.
  template <typename BindShared, typename BindRow>
  Result<int64_t> run(Connection& db, std::size_t count, BindShared&& bind_shared, BindRow&& bind_row) const {
    return execute(db, count, bind_shared, bind_row, false);
  }
  // The same with Statement::run_deferred: for writes whose outcome the
  // caller does not read.
  template <typename BindShared, typename BindRow>
  Status run_deferred(Connection& db, std::size_t count, BindShared&& bind_shared, BindRow&& bind_row) const {
    Result<int64_t> done = execute(db, count, bind_shared, bind_row, true);
    return done ? Status::success() : Status(done.error());
  }

 private:
  template <typename BindShared, typename BindRow>
  Result<int64_t> execute(Connection& db, std::size_t count, BindShared& bind_shared, BindRow& bind_row,
                          bool deferred) const {
    int64_t changed = 0;
    for (std::size_t done = 0; done < count;) {
      const std::size_t rows = chunk(count - done);
      Result<Statement> st = db.prepare(sql(rows));
      if (!st) return st.error();
      bind_shared(*st);
      for (std::size_t r = 0; r < rows; ++r) {
        RowParameters row(*st, shared_ + static_cast<int>(r) * per_row_);
        bind_row(row, done + r);
      }
      if (Status s = deferred ? st->run_deferred() : st->run(); !s) return s.error();
      if (!deferred) changed += db.changes();
      done += rows;
    }
    return changed;
  }
  // Rows the next statement takes, of `remaining` still to insert.
  static std::size_t chunk(std::size_t remaining);
  // The statement for `rows` rows (a value chunk() returned).
  const std::string& sql(std::size_t rows) const;

  int shared_;
  int per_row_;
  std::array<std::string, 8> by_power_;  // [k]: the statement for 2^k rows
};

}  // namespace zkpush::store::sql
