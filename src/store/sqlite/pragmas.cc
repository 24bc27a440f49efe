#include "store/sqlite/pragmas.h"

#include <string>

namespace zkpush::store::sqlite {

namespace {

Status set_busy_timeout(Connection& db) {
  int rc = sqlite3_busy_timeout(db.handle(), kBusyTimeoutMs);
  if (rc != SQLITE_OK) return db.error(rc, "busy_timeout");
  return Status::success();
}

// journal_mode answers with the mode now in force, which is not WAL when the
// file system cannot share memory (some network mounts).
Status enable_wal(Connection& db) {
  Result<Statement> st = db.prepare("PRAGMA journal_mode = WAL");
  if (!st) return st.error();
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row || st->text(0) != "wal") {
    return Error::storage("cannot switch the database to WAL mode (journal_mode is " +
                          std::string(*row ? st->text(0) : "unknown") + ")");
  }
  return Status::success();
}

}  // namespace

Status configure_writer(Connection& db, bool durability_full) {
  if (Status s = set_busy_timeout(db); !s) return s;
  if (Status s = enable_wal(db); !s) return s;
  if (Status s = db.exec(durability_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
      !s) {
    return s;
  }
  return db.exec(
      "PRAGMA foreign_keys = ON;"
      "PRAGMA cache_size = -65536;"
      "PRAGMA temp_store = MEMORY;"
      "PRAGMA journal_size_limit = 67108864;");
}

Status configure_reader(Connection& db) {
  if (Status s = set_busy_timeout(db); !s) return s;
  return db.exec(
      "PRAGMA query_only = ON;"
      "PRAGMA cache_size = -16384;"
      "PRAGMA temp_store = MEMORY;");
}

}  // namespace zkpush::store::sqlite
