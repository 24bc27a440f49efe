// What `zkpush migrate` asks of the store: bringing a database to this
// build's schema without serving it, and copying a SQLite installation into
// PostgreSQL.
#pragma once

#include <string>
#include <vector>

#include "store/sql/copy_check.h"
#include "store/sql/copy_rows.h"
#include "util/error.h"

namespace zkpush::store {

// Opens the data directory's SQLite database as the server does (creating
// it if there is none), which migrates it, and gives its schema version.
Result<int> migrate_sqlite_schema(const std::string& data_dir);

// Migrates the PostgreSQL database at `uri` as a starting server does (under
// the migration lock), and gives its schema version.
Result<int> migrate_postgres_schema(const std::string& uri);

struct CopyReport {
  int schema_version = 0;
  std::vector<sql::TableRows> tables;  // in copy order
};

// Copies the SQLite installation in `data_dir` into the PostgreSQL database
// at `uri`, every table and column with its ids, in one transaction: a
// failure half-way leaves the target as it was. Both are migrated to this
// build's schema first. Refuses a target that already holds a row, and
// checks the copy (sql::check_copy) before committing it; the identity
// sequences then continue after the copied ids.
Result<CopyReport> copy_sqlite_to_postgres(const std::string& data_dir, const std::string& uri,
                                           const sql::CopyProgress& progress);

}  // namespace zkpush::store
