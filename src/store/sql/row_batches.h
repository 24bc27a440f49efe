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
#include <string>
#include <string_view>

namespace zkpush::store::sql {

class RowBatches {
 public:
  static constexpr std::size_t kMaxRows = 128;

  // `head` ends with "VALUES ", `tail` follows the rows (" ON CONFLICT DO
  // NOTHING"). `row` is one row's tuple: `?k` (k <= shared) is a parameter
  // every row shares, `@j` (1 <= j <= per_row) the row's own j-th value, e.g.
  // "(?1, @1, @2, ?2)".
  RowBatches(std::string_view head, std::string_view row, int shared, int per_row, std::string_view tail);

  // Rows the next statement takes, of `remaining` still to insert.
  static std::size_t chunk(std::size_t remaining);
  // The statement for `rows` rows (a value chunk() returned).
  const std::string& sql(std::size_t rows) const;
  // The parameter index of the `row`-th row's j-th own value (row from 0).
  int parameter(std::size_t row, int j) const {
    return shared_ + static_cast<int>(row) * per_row_ + j;
  }

 private:
  int shared_;
  int per_row_;
  std::array<std::string, 8> by_power_;  // [k]: the statement for 2^k rows
};

}  // namespace zkpush::store::sql
