// Shared plumbing of the read queries: step a statement and decode each row.
#pragma once

#include <optional>
#include <vector>

#include "store/sqlite/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

// `decode(st, row)` fills one Row from the current result row; it returns a
// Status so a value the schema does not allow (an unknown enum word) surfaces
// as an error rather than a guess.
template <typename Row, typename Decode>
Result<std::vector<Row>> collect_rows(Statement& st, Decode&& decode) {
  std::vector<Row> rows;
  for (;;) {
    Result<bool> more = st.step();
    if (!more) return more.error();
    if (!*more) return rows;
    Row row;
    if (Status s = decode(st, row); !s) return s.error();
    rows.push_back(std::move(row));
  }
}

template <typename Row, typename Decode>
Result<std::optional<Row>> first_row(Statement& st, Decode&& decode) {
  Result<bool> found = st.step();
  if (!found) return found.error();
  if (!*found) return std::optional<Row>();
  Row row;
  if (Status s = decode(st, row); !s) return s.error();
  return std::optional<Row>(std::move(row));
}

inline Error corrupt_value(std::string_view column, std::string_view value) {
  return Error::storage("unexpected value '" + std::string(value) + "' in column " +
                        std::string(column));
}

}  // namespace zkpush::store::sqlite
