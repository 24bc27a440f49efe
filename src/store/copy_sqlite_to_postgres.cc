// copy_sqlite_to_postgres (store/migrate.h).
#include <filesystem>
#include <map>
#include <memory>

#include "store/migrate.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_identities.h"
#include "store/postgres/pg_migrate.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/copy_tables.h"
#include "store/sqlite/database_file.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/pragmas.h"

namespace zkpush::store {

namespace {

// The first table of `tables` holding a row in `db`: the copy goes into an
// empty database only, so it never mixes with, or collides with, rows there.
Status refuse_unless_empty(sql::Connection& db, const std::vector<sql::CopyTable>& tables) {
  for (const sql::CopyTable& table : tables) {
    Result<int64_t> rows = sql::count_rows(db, table.name);
    if (!rows) return rows.error();
    if (*rows != 0) {
      return Error::conflict("the target database already holds data (" + std::to_string(*rows) + " rows in " +
                             table.name + "); migrate copies into an empty database only");
    }
  }
  return Status::success();
}

// Copies, resets the identities and checks, in the target's open transaction.
Result<std::vector<sql::TableRows>> copy_all(sqlite::Connection& source, postgres::PgConnection& target,
                                             const sql::CopyProgress& progress) {
  Result<std::vector<sql::CopyTable>> tables = sqlite::tables_in_copy_order(source);
  if (!tables) return tables.error();
  Result<std::map<std::string, int64_t>> counters = sqlite::autoincrement_counters(source);
  if (!counters) return counters.error();
  if (Status s = refuse_unless_empty(target, *tables); !s) return s.error();
  for (const sql::CopyTable& table : *tables) {
    Result<int64_t> copied = sql::copy_rows(source, target, table, progress);
    if (!copied) return copied.error();
  }
  if (Status s = postgres::reset_identities(target, *counters); !s) return s.error();
  return sql::check_copy(source, target, *tables);
}

}  // namespace

Result<CopyReport> copy_sqlite_to_postgres(const std::string& data_dir, const std::string& uri,
                                           const sql::CopyProgress& progress) {
  const std::string path = sqlite::database_path(data_dir);
  // Checked first: the store's opener would create an empty database there.
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Error::not_found("no SQLite database to copy: " + path + " does not exist");
  }

  Result<int> source_version = migrate_sqlite_schema(data_dir);
  if (!source_version) return source_version.error();
  Result<int> target_version = migrate_postgres_schema(uri);
  if (!target_version) return target_version.error();

  // Configured as the store's readers are (query_only: the copy cannot change
  // its source), and opened read-write for the reason they are: a read-only
  // connection cannot set up a WAL index.
  Result<std::unique_ptr<sqlite::Connection>> source = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE);
  if (!source) return source.error();
  if (Status s = sqlite::configure_reader(**source); !s) return s.error();
  // The columns line up only at one schema version on both sides; read on the
  // connection the copy uses, so a newer zkpush that migrated the file since
  // is noticed.
  source_version = sqlite::schema_version(**source);
  if (!source_version) return source_version.error();
  if (*source_version != *target_version) {
    return Error::conflict("schema versions differ: the SQLite database is at " + std::to_string(*source_version) +
                           ", the PostgreSQL database at " + std::to_string(*target_version));
  }
  Result<std::unique_ptr<postgres::PgConnection>> target = postgres::PgConnection::open(uri);
  if (!target) return target.error();

  // One snapshot of the source; one transaction on the target, under the
  // writer lock a server takes for its commits.
  sql::ReadSnapshot snapshot(**source);
  if (Status s = snapshot.begin(); !s) return s.error();
  if (Status s = (*target)->begin_write(); !s) return s.error();
  Result<std::vector<sql::TableRows>> copied = copy_all(**source, **target, progress);
  Status committed = copied ? (*target)->exec("COMMIT") : Status(copied.error());
  if (!committed) {
    if ((*target)->in_transaction()) (void)(*target)->exec("ROLLBACK");
    return committed.error();
  }
  return CopyReport{*source_version, std::move(*copied)};
}

}  // namespace zkpush::store
