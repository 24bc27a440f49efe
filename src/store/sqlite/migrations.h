// Numbered schema migrations, run at start-up on the writer connection.
//
// The schema version is SQLite's PRAGMA user_version (0 for a new file). Each
// migration runs in its own IMMEDIATE transaction together with the bump of
// user_version, so a crash or an error leaves the database at the previous
// version, never half-migrated. A database whose version is newer than this
// build knows is refused rather than written to.
//
// Adding a migration: append {N + 1, "name", sql} to the list in
// migrations.cc; never edit a migration that has shipped.
#pragma once

#include <span>

#include "store/sqlite/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

struct Migration {
  int version;       // increasing (gaps allowed)
  const char* name;  // for error messages
  const char* sql;   // one or more statements
};

// Every migration this build knows, in order.
std::span<const Migration> all_migrations();
int latest_schema_version();

Result<int> schema_version(Connection& db);

// Applies the migrations newer than the database's version, in order.
Status migrate(Connection& db, std::span<const Migration> migrations = all_migrations());

// The text of each migration (one file each).
extern const char* const kMigration001Initial;
extern const char* const kMigration002AdminApi;
extern const char* const kMigration003Canteen;
extern const char* const kMigration004Admission;
extern const char* const kMigration005Leases;
extern const char* const kMigration006TerminalFiles;
extern const char* const kMigration007Accounts;
extern const char* const kMigration008AccessControl;
extern const char* const kMigration009HrContracts;

}  // namespace zkpush::store::sqlite
