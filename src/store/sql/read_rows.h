// Shared plumbing of the read queries: step a statement and decode each row.
#pragma once

#include <optional>
#include <vector>

#include "store/sql/connection.h"
#include "store/store.h"
#include "util/error.h"

namespace zkpush::store::sql {

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

// One page of a device's rows: `sql` takes ?1 device, ?2 after and ?3 limit
// (and whatever `bind_more` binds), and returns rows in ascending id order.
template <typename Row, typename Decode, typename BindMore>
Result<std::vector<Row>> read_device_page(Connection& db, std::string_view sql, DeviceId device, const PageQuery& page,
                                          Decode&& decode, BindMore&& bind_more) {
  if (page.limit <= 0) return std::vector<Row>();
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_int(2, page.after);
  st->bind_int(3, page.limit);
  bind_more(*st);
  return collect_rows<Row>(*st, decode);
}

template <typename Row, typename Decode>
Result<std::vector<Row>> read_device_page(Connection& db, std::string_view sql, DeviceId device, const PageQuery& page,
                                          Decode&& decode) {
  return read_device_page<Row>(db, sql, device, page, decode, [](Statement&) {});
}

// One page of a whole table by id: `sql` takes ?1 after and ?2 limit.
template <typename Row, typename Decode>
Result<std::vector<Row>> read_table_page(Connection& db, std::string_view sql, int64_t after, int limit,
                                         Decode&& decode) {
  if (limit <= 0) return std::vector<Row>();
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_int(1, after);
  st->bind_int(2, limit);
  return collect_rows<Row>(*st, decode);
}

inline Error corrupt_value(std::string_view column, std::string_view value) {
  return Error::storage("unexpected value '" + std::string(value) + "' in column " + std::string(column));
}

}  // namespace zkpush::store::sql
