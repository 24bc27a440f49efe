// One sqlite3 connection, as a sql::Connection (store/sql/connection.h has
// the contract: a statement cache keyed by SQL text, short-lived handles).
//
// Connections are opened with SQLITE_OPEN_NOMUTEX: one thread at a time. A
// statement handle's release resets the statement and clears its bindings,
// so a cached statement never keeps a read snapshot open (which would stall
// WAL checkpoints) and never points at a caller's freed buffer.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

using sql::Statement;

class Connection final : public sql::Connection {
 public:
  // Opens `path` with the given sqlite3_open_v2 flags (SQLITE_OPEN_NOMUTEX and
  // extended result codes are always added).
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags);
  ~Connection() override;

  Status exec(const char* sql) override;
  Result<Statement> prepare(std::string_view sql) override;
  int64_t changes() const override;
  bool in_transaction() const override;
  Status begin_write() override { return run("BEGIN IMMEDIATE"); }

  sqlite3* handle() const { return db_; }

  // An error carrying SQLite's own message, e.g.
  // "database or disk is full (sqlite error 13) while running: COMMIT":
  // kUnavailable when the disk is full or failing (SQLITE_FULL, SQLITE_IOERR),
  // kConflict for a UNIQUE or PRIMARY KEY violation, kMissingReference for a
  // FOREIGN KEY one, kStorage otherwise.
  Error error(int rc, std::string_view context) const;

 private:
  class SqliteStatement;
  explicit Connection(sqlite3* db);

  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>, SqlHash, std::equal_to<>> cache_;
};

}  // namespace zkpush::store::sqlite
