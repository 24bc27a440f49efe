// Copying a table's rows from one database to another over the shared SQL
// interface (`zkpush migrate --from DIR --to URI`: SQLite into PostgreSQL).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/sql/connection.h"
#include "util/error.h"

namespace zkpush::store::sql {

struct CopyColumn {
  std::string name;
  bool blob = false;  // bytes (BLOB, BYTEA) rather than text
};

// A table as the copy sees it: its name and columns, copied by name.
struct CopyTable {
  std::string name;
  std::vector<CopyColumn> columns;
};

// Told the table and how many of its rows are copied so far, every
// kProgressRows rows.
using CopyProgress = std::function<void(const std::string& table, int64_t rows)>;
inline constexpr int64_t kProgressRows = 100'000;

// Copies every row of `table` from `from` into `to`, ids included, and gives
// the number of rows. Rows go in multi-row INSERTs (up to 500 rows, fewer
// when they carry many bytes): one statement per row would cost a server
// round trip per row on PostgreSQL. Runs in whatever transactions the caller
// has opened on the two connections.
Result<int64_t> copy_rows(Connection& from, Connection& to, const CopyTable& table, const CopyProgress& progress);

// SELECT count(*) of one table.
Result<int64_t> count_rows(Connection& db, const std::string& table);

// `name` as a double-quoted SQL identifier.
std::string quote_identifier(const std::string& name);

}  // namespace zkpush::store::sql
