// What copying a SQLite database elsewhere reads of its schema: the tables,
// their columns, and the counters of its AUTOINCREMENT tables. Read from the
// database itself (sqlite_master, pragma_table_info), so a table added by a
// later migration is copied without a list to keep up to date.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/sql/copy_rows.h"
#include "store/sqlite/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

// Every table (SQLite's own sqlite_* excepted) in an order that inserts each
// row after the rows its foreign keys name: creation order, except that a
// table comes after the tables it references (devices.group_id names
// device_groups, added by ALTER TABLE after devices was created). A column
// is a blob when its declared type says BLOB.
Result<std::vector<sql::CopyTable>> tables_in_copy_order(Connection& db);

// sqlite_sequence: by table, the highest id its AUTOINCREMENT ever gave
// (commands and webhooks never reuse an id, even one whose row is deleted).
Result<std::map<std::string, int64_t>> autoincrement_counters(Connection& db);

}  // namespace zkpush::store::sqlite
