#include "store/postgres/pg_migrations.h"

#include <array>

namespace zkpush::store::postgres {

namespace {

const std::array<PgMigration, 6> kPgMigrations{{
    {4, "initial schema (the SQLite schema at version 4)", kPgMigration001Initial},
    {5, "leases", kPgMigration005Leases},
    {6, "terminal files", kPgMigration006TerminalFiles},
    {7, "console accounts", kPgMigration007Accounts},
    {8, "access control", kPgMigration008AccessControl},
    {9, "HR contracts", kPgMigration009HrContracts},
}};

}  // namespace

// The unique index on a constant lets the table hold one row at most.
const char* const kPgSchemaVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS zkpush_schema (version BIGINT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS zkpush_schema_one_row ON zkpush_schema ((true));
INSERT INTO zkpush_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM zkpush_schema);
)sql";

std::span<const PgMigration> pg_migrations() { return kPgMigrations; }

}  // namespace zkpush::store::postgres
