// open_sqlite_store (store/store.h): the embedded default, one file
// <data_dir>/zkpush.db in WAL mode. The writer connection is configured and
// migrated before the writer thread starts.
#include <exception>
#include <filesystem>
#include <system_error>

#include "store/sql/sql_store.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/database_file.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/pragmas.h"
#include "store/sqlite/sql_functions.h"

namespace zkpush::store {

std::string sqlite::database_path(const std::string& data_dir) {
  const std::filesystem::path dir = data_dir.empty() ? std::filesystem::path(".") : std::filesystem::path(data_dir);
  return (dir / "zkpush.db").string();
}

namespace {

Result<std::unique_ptr<sql::Connection>> open_writer(const std::string& path, bool durability_full) {
  Result<std::unique_ptr<sqlite::Connection>> db =
      sqlite::Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  if (Status s = sqlite::configure_writer(**db, durability_full); !s) return s.error();
  if (Status s = sqlite::migrate(**db); !s) return s.error();
  if (Status s = sqlite::register_sql_functions(**db); !s) return s.error();
  return std::unique_ptr<sql::Connection>(std::move(*db));
}

Result<std::unique_ptr<sql::Connection>> open_reader(const std::string& path) {
  // Read-write plus query_only rather than SQLITE_OPEN_READONLY: a read-only
  // connection cannot recover a WAL index left by a crash.
  Result<std::unique_ptr<sqlite::Connection>> db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE);
  if (!db) return db.error();
  if (Status s = sqlite::configure_reader(**db); !s) return s.error();
  if (Status s = sqlite::register_sql_functions(**db); !s) return s.error();
  return std::unique_ptr<sql::Connection>(std::move(*db));
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options) {
  namespace fs = std::filesystem;
  try {
    const fs::path dir = options.data_dir.empty() ? fs::path(".") : fs::path(options.data_dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      return Error::storage("cannot create data directory " + dir.string() + ": " + ec.message());
    }
    const std::string path = sqlite::database_path(options.data_dir);
    Result<std::unique_ptr<sql::Connection>> writer_db = open_writer(path, options.durability_full);
    if (!writer_db) return writer_db.error();
    return std::unique_ptr<Store>(
        new sql::SqlStore(std::move(*writer_db), [path] { return open_reader(path); },
                          std::make_unique<sql::LocalChangeFeed>()));
  } catch (const std::exception& e) {
    return Error::storage(std::string("cannot open the store: ") + e.what());
  }
}

}  // namespace zkpush::store
