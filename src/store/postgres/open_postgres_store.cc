// open_postgres_store and open_store (store/store.h).
#include <exception>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_migrate.h"
#include "store/sql/sql_store.h"

namespace zkpush::store {

namespace {

Result<std::unique_ptr<sql::Connection>> open_connection(const std::string& uri) {
  Result<std::unique_ptr<postgres::PgConnection>> db = postgres::PgConnection::open(uri);
  if (!db) return db.error();
  return std::unique_ptr<sql::Connection>(std::move(*db));
}

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const StoreOptions& options) {
  try {
    Result<std::unique_ptr<postgres::PgConnection>> writer_db = postgres::PgConnection::open(options.database);
    if (!writer_db) return writer_db.error();
    if (Status s = postgres::migrate(**writer_db); !s) return s.error();
    const std::string uri = options.database;
    auto open = [uri] { return open_connection(uri); };
    return std::unique_ptr<Store>(
        new sql::SqlStore(std::unique_ptr<sql::Connection>(std::move(*writer_db)), open, open));
  } catch (const std::exception& e) {
    return Error::storage(std::string("cannot open the store: ") + e.what());
  }
}

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  return options.database.empty() ? open_sqlite_store(options) : open_postgres_store(options);
}

}  // namespace zkpush::store
