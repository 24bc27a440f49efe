// migrate_sqlite_schema and migrate_postgres_schema (store/migrate.h).

#include <memory>

#include "store/migrate.h"
#include "store/postgres/pg_migrate.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"

namespace zkpush::store {

Result<int> migrate_sqlite_schema(const std::string& data_dir) {
  // The store's own opener: the migrations, and the recovery of a WAL a
  // crash left, run exactly as at a server's start; closing the store
  // checkpoints the WAL into the file.
  Result<std::unique_ptr<Store>> opened = open_sqlite_store(StoreOptions{data_dir, false, ""});
  if (!opened) return opened.error();
  opened->reset();
  return sqlite::latest_schema_version();
}

Result<int> migrate_postgres_schema(const std::string& uri) {
  Result<std::unique_ptr<postgres::PgConnection>> db = postgres::PgConnection::open(uri);
  if (!db) return db.error();
  if (Status s = postgres::migrate(**db); !s) return s.error();
  return postgres::schema_version(**db);
}

}  // namespace zkpush::store
