// Numbered schema migrations of the PostgreSQL store.
//
// The schema is the SQLite store's (store/sqlite/migrations.h) table for
// table, column for column and in the same column order, so the SQL of the
// shared store code (store/sql/connection.h) runs on either database. What
// PostgreSQL needs done differently is said where it is done, in
// pg_migration_001_initial.cc.
//
// Schema version: PostgreSQL has no PRAGMA user_version, so the version is
// the single row of the table zkpush_schema, which kPgSchemaVersionTable
// creates (with version 0) when it is missing. That table is not part of any
// migration: it must exist before the version can be read. The runner (not
// here), under its advisory lock:
//   1. runs kPgSchemaVersionTable (idempotent);
//   2. reads the version: SELECT version FROM zkpush_schema;
//   3. refuses a version newer than pg_migrations().back().version;
//   4. runs each newer migration in its own transaction together with
//      UPDATE zkpush_schema SET version = <its version>.
//
// Version numbers follow the SQLite store's: the first PostgreSQL migration
// creates the SQLite schema at version 4 and is numbered 4, so one number
// names one schema on both databases (a copier of a SQLite installation
// checks that they agree), and a later migration N is written for both.
//
// Adding a migration: append {N + 1, "name", sql} to the list in
// pg_migrations.cc; never edit a migration that has shipped.
#pragma once

#include <span>

namespace zkpush::store::postgres {

struct PgMigration {
  int version;       // increasing (gaps allowed); equal to the SQLite schema's
  const char* name;  // for error messages
  const char* sql;   // one or more statements (a simple-query string)
};

// Every migration this build knows, in order.
std::span<const PgMigration> pg_migrations();

// Creates zkpush_schema (one row, version 0) if it does not exist.
extern const char* const kPgSchemaVersionTable;

// The text of each migration (one file each).
extern const char* const kPgMigration001Initial;
extern const char* const kPgMigration005Leases;
extern const char* const kPgMigration006TerminalFiles;
extern const char* const kPgMigration007Accounts;
extern const char* const kPgMigration008AccessControl;
extern const char* const kPgMigration009HrContracts;

}  // namespace zkpush::store::postgres
