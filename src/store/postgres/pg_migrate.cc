#include "store/postgres/pg_migrate.h"

#include <string>

#include "store/postgres/pg_migrations.h"

namespace zkpush::store::postgres {

namespace {

// pg_advisory_lock's key for the migration runner ("zkpushmg" in ASCII).
constexpr const char* kLockMigrations = "SELECT pg_advisory_lock(8821838418790901607)";
constexpr const char* kUnlockMigrations = "SELECT pg_advisory_unlock(8821838418790901607)";

Status apply_one(PgConnection& db, const PgMigration& m) {
  const std::string where = "schema migration " + std::to_string(m.version) + " (" + m.name + "): ";
  Status s = db.exec("BEGIN");
  if (s) s = db.exec(m.sql);
  if (s) s = db.exec(("UPDATE zkpush_schema SET version = " + std::to_string(m.version)).c_str());
  if (s) s = db.exec("COMMIT");
  if (!s) {
    if (db.in_transaction()) (void)db.exec("ROLLBACK");
    return Error{s.error().kind, where + s.error().message};
  }
  return Status::success();
}

Status migrate_locked(PgConnection& db) {
  if (Status s = db.exec(kPgSchemaVersionTable); !s) return s;
  Result<int> current = schema_version(db);
  if (!current) return current.error();
  const int latest = pg_migrations().back().version;
  if (*current > latest) {
    return Error::storage("database schema version " + std::to_string(*current) +
                          " is newer than this build supports (" + std::to_string(latest) + "); refusing to open it");
  }
  for (const PgMigration& m : pg_migrations()) {
    if (m.version <= *current) continue;
    if (Status s = apply_one(db, m); !s) return s;
  }
  return Status::success();
}

}  // namespace

Result<int> schema_version(PgConnection& db) {
  Result<sql::Statement> st = db.prepare("SELECT version FROM zkpush_schema");
  if (!st) return st.error();
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row ? st->integer(0) : 0;
}

Status migrate(PgConnection& db) {
  if (Status s = db.exec(kLockMigrations); !s) return s;
  Status migrated = migrate_locked(db);
  (void)db.exec(kUnlockMigrations);
  return migrated;
}

}  // namespace zkpush::store::postgres
