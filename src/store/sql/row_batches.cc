#include "store/sql/row_batches.h"

#include <bit>
#include <cctype>
#include <stdexcept>

namespace zkpush::store::sql {

namespace {

// One row's tuple (`row`), each `@j` in it written as `?N` with N =
// first_own + j: the row's own parameters follow parameter first_own.
void append_row(std::string& out, std::string_view row, int first_own) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] != '@') {
      out += row[i];
      continue;
    }
    int j = 0;
    while (i + 1 < row.size() && std::isdigit(static_cast<unsigned char>(row[i + 1]))) {
      j = j * 10 + (row[++i] - '0');
    }
    out += '?';
    out += std::to_string(first_own + j);
  }
}

}  // namespace

RowBatches::RowBatches(std::string_view head, std::string_view row, int shared, int per_row,
                       std::string_view tail)
    : shared_(shared), per_row_(per_row) {
  static_assert(std::has_single_bit(kMaxRows) && std::bit_width(kMaxRows) == 8);
  for (std::size_t k = 0; k < by_power_.size(); ++k) {
    std::string& sql = by_power_[k];
    sql.assign(head);
    for (std::size_t r = 0; r < (std::size_t{1} << k); ++r) {
      if (r > 0) sql += ", ";
      append_row(sql, row, shared_ + static_cast<int>(r) * per_row_);
    }
    sql += tail;
  }
}

std::size_t RowBatches::chunk(std::size_t remaining) {
  return remaining >= kMaxRows ? kMaxRows : std::bit_floor(remaining);
}

const std::string& RowBatches::sql(std::size_t rows) const {
  if (rows == 0 || rows > kMaxRows || !std::has_single_bit(rows)) {
    throw std::logic_error("RowBatches::sql: rows must be a power of two up to kMaxRows");
  }
  return by_power_[std::bit_width(rows) - 1];
}

}  // namespace zkpush::store::sql
