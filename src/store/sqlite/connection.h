// RAII wrappers over one sqlite3 connection and its prepared statements.
//
// A Connection is used by one thread at a time (connections are opened with
// SQLITE_OPEN_NOMUTEX). Statements are prepared once per connection and kept in
// a cache keyed by their SQL text, so the hot paths (ATTLOG ingest, the writer's
// SAVEPOINT/RELEASE) never re-parse SQL.
//
// A Statement is a short-lived handle on a cached sqlite3_stmt: its destructor
// resets the statement and clears its bindings, so a cached statement never
// keeps a read snapshot open (which would stall WAL checkpoints) and never
// points at a caller's freed buffer. Requesting the same SQL while a handle on
// it is still alive yields a private, uncached statement instead.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/error.h"

namespace zkpush::store::sqlite {

class Connection;

class Statement {
 public:
  Statement() = default;
  Statement(Connection* conn, sqlite3_stmt* stmt, bool* in_use);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text and blobs are bound without a
  // copy: the caller keeps them alive until the statement is reset or
  // destroyed. A binding error is reported by the next step().
  void bind_int(int index, int64_t value);
  void bind_int(int index, const std::optional<int64_t>& value);
  void bind_text(int index, std::string_view value);
  void bind_opt_text(int index, const std::optional<std::string>& value);
  void bind_blob(int index, std::string_view value);
  void bind_opt_blob(int index, const std::optional<std::string>& value);
  void bind_null(int index);

  // true: a row is available; false: the statement has finished.
  Result<bool> step();
  // Steps a statement that returns no row (or ignores its rows) to completion.
  Status run();
  // Makes the statement ready to step again; bindings are kept.
  void reset();

  int64_t int64(int column) const;
  int integer(int column) const;
  bool is_null(int column) const;
  std::string_view text(int column) const;  // valid until the next step/reset
  std::string_view blob(int column) const;
  std::string string(int column) const { return std::string(text(column)); }
  std::optional<std::string> opt_string(int column) const;
  std::optional<int64_t> opt_int64(int column) const;

 private:
  void release();
  void note_bind(int rc);

  Connection* conn_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  bool* in_use_ = nullptr;  // the cache entry's flag; nullptr for an uncached statement
  int bind_rc_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens `path` with the given sqlite3_open_v2 flags (SQLITE_OPEN_NOMUTEX and
  // extended result codes are always added).
  static Result<std::unique_ptr<Connection>> open(const std::string& path, int flags);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that return no rows (schema, pragmas).
  Status exec(const char* sql);
  // Runs one cached statement without parameters to completion.
  Status run(std::string_view sql);
  // A cached prepared statement; see the file comment.
  Result<Statement> prepare(std::string_view sql);

  int64_t changes() const;
  int64_t last_insert_rowid() const;
  // True when no transaction is open (SQLite may roll one back by itself
  // after SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM or SQLITE_BUSY).
  bool autocommit() const;
  sqlite3* handle() const { return db_; }

  // An error carrying SQLite's own message, e.g.
  // "database or disk is full (sqlite error 13) while running: COMMIT":
  // kUnavailable when the disk is full or failing (SQLITE_FULL, SQLITE_IOERR),
  // kStorage otherwise.
  Error error(int rc, std::string_view context) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, Cached, SqlHash, std::equal_to<>> cache_;
};

// A read transaction on a reader connection, so that a read made of several
// queries sees one snapshot. Ends (COMMIT) when destroyed.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& conn) : conn_(conn) {}
  Status begin() {
    Status s = conn_.run("BEGIN");
    open_ = s.ok();
    return s;
  }
  ~ReadSnapshot() {
    if (open_) (void)conn_.run("COMMIT");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& conn_;
  bool open_ = false;
};

}  // namespace zkpush::store::sqlite
