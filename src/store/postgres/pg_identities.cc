#include "store/postgres/pg_identities.h"

#include <utility>
#include <vector>

#include "store/sql/copy_rows.h"

namespace zkpush::store::postgres {

namespace {

using TableColumn = std::pair<std::string, std::string>;

Result<std::vector<TableColumn>> identity_columns(PgConnection& db) {
  Result<sql::Statement> st = db.prepare(
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name");
  if (!st) return st.error();
  std::vector<TableColumn> found;
  for (;;) {
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return found;
    found.emplace_back(st->string(0), st->string(1));
  }
}

}  // namespace

Status reset_identities(PgConnection& db, const std::map<std::string, int64_t>& floors) {
  Result<std::vector<TableColumn>> columns = identity_columns(db);
  if (!columns) return columns.error();
  for (const auto& [table, column] : *columns) {
    // setval(..., next, false): the next id is `next`, also for an empty table.
    Result<sql::Statement> st = db.prepare("SELECT setval(pg_get_serial_sequence(?1, ?2), greatest(coalesce(max(" +
                                           sql::quote_identifier(column) + "), 0), ?3::bigint) + 1, false) FROM " +
                                           sql::quote_identifier(table));
    if (!st) return st.error();
    st->bind_text(1, sql::quote_identifier(table));
    st->bind_text(2, column);
    const auto floor = floors.find(table);
    st->bind_int(3, floor == floors.end() ? 0 : floor->second);
    if (Status s = st->run(); !s)
      return Error{s.error().kind, "resetting the ids of " + table + ": " + s.error().message};
  }
  return Status::success();
}

}  // namespace zkpush::store::postgres
