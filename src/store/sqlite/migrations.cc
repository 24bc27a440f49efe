#include "store/sqlite/migrations.h"

#include <array>
#include <string>

namespace zkpush::store::sqlite {

namespace {

const std::array<Migration, 9> kMigrations{{
    {1, "initial schema", kMigration001Initial},
    {2, "admin API", kMigration002AdminApi},
    {3, "canteen terminals", kMigration003Canteen},
    {4, "device admission", kMigration004Admission},
    {5, "leases", kMigration005Leases},
    {6, "terminal files", kMigration006TerminalFiles},
    {7, "console accounts", kMigration007Accounts},
    {8, "access control", kMigration008AccessControl},
    {9, "HR contracts", kMigration009HrContracts},
}};

Status apply_one(Connection& db, const Migration& m) {
  const std::string where =
      "schema migration " + std::to_string(m.version) + " (" + m.name + "): ";
  if (Status s = db.exec("BEGIN IMMEDIATE"); !s) return Error::storage(where + s.error().message);
  Status s = db.exec(m.sql);
  if (s) s = db.exec(("PRAGMA user_version = " + std::to_string(m.version)).c_str());
  if (s) s = db.exec("COMMIT");
  if (!s) {
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    return Error::storage(where + s.error().message);
  }
  return Status::success();
}

}  // namespace

std::span<const Migration> all_migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

Result<int> schema_version(Connection& db) {
  Result<Statement> st = db.prepare("PRAGMA user_version");
  if (!st) return st.error();
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row ? st->integer(0) : 0;
}

Status migrate(Connection& db, std::span<const Migration> migrations) {
  Result<int> current = schema_version(db);
  if (!current) return current.error();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (*current > latest) {
    return Error::storage("database schema version " + std::to_string(*current) +
                          " is newer than this build supports (" + std::to_string(latest) +
                          "); refusing to open it");
  }
  for (const Migration& m : migrations) {
    if (m.version <= *current) continue;
    if (Status s = apply_one(db, m); !s) return s;
  }
  return Status::success();
}

}  // namespace zkpush::store::sqlite
