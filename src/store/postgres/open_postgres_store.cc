// open_postgres_store, open_store and describe_store (store/store.h).
#include <libpq-fe.h>

#include <exception>

#include "store/postgres/pg_change_feed.h"
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
    return std::unique_ptr<Store>(new sql::SqlStore(std::unique_ptr<sql::Connection>(std::move(*writer_db)), open,
                                                    std::make_unique<postgres::PgChangeFeed>(uri), open));
  } catch (const std::exception& e) {
    return Error::storage(std::string("cannot open the store: ") + e.what());
  }
}

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  return options.database.empty() ? open_sqlite_store(options) : open_postgres_store(options);
}

std::string describe_store(const StoreOptions& options) {
  if (options.database.empty()) return "SQLite in " + options.data_dir;
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.database.c_str(), &error);
  if (parsed == nullptr) {
    PQfreemem(error);
    return "PostgreSQL (an unreadable connection string)";
  }
  std::string host = "localhost", port = "5432", name;
  for (PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    const std::string_view key = o->keyword;
    if (key == "host" || key == "hostaddr") host = o->val;
    else if (key == "port") port = o->val;
    else if (key == "dbname") name = o->val;
  }
  PQconninfoFree(parsed);
  return "PostgreSQL database " + (name.empty() ? std::string("(the user's)") : name) + " on " + host + ":" + port;
}

}  // namespace zkpush::store
