// The SQL the store's shared code speaks (apply_*.cc, reads_*.cc), over
// either database: SQLite (store/sqlite/) or PostgreSQL (store/postgres/).
//
// Statements are written once, in the SQL both databases accept, with
// numbered parameters `?1`, `?2`... (the PostgreSQL connection rewrites them
// to `$1`, `$2`). Where the two truly differ the schema papers over it (a
// PostgreSQL function with SQLite's name, e.g. instr) rather than the shared
// code asking which database it runs on.
//
// A Connection is used by one thread at a time. prepare() returns a
// Statement: a short-lived handle on a statement the connection caches by its
// text, so hot paths never re-parse SQL. The handle's destructor resets the
// statement and clears its bindings; asking for the same SQL while a handle
// on it is alive yields a private, uncached statement.
//
// Text and blobs are bound without a copy: the caller keeps them alive until
// the statement is reset or destroyed. A binding error is reported by the
// next step(). Column values read from a row are valid until the next
// step() or reset().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "util/error.h"

namespace zkpush::store::sql {

// What a database's connection implements for one prepared statement.
// Parameters and columns are numbered as in SQLite: parameters from 1,
// columns from 0.
class StatementImpl {
 public:
  virtual void bind_int(int index, int64_t value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_blob(int index, std::string_view value) = 0;
  virtual void bind_null(int index) = 0;
  // true: a row is available; false: the statement has finished (and the
  // connection's changes() counts the rows it changed).
  virtual Result<bool> step() = 0;
  // Ready to step again from the start; bindings are kept.
  virtual void reset() = 0;
  virtual int64_t int64(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::string_view text(int column) const = 0;
  virtual std::string_view blob(int column) const = 0;
  // The handle is done with it: reset and clear bindings (a cached
  // statement) or destroy it (a private one).
  virtual void release() = 0;
  // See Statement::run_deferred. By default: run to completion now, then
  // reset, ready for the next bindings.
  virtual Status run_deferred() {
    for (;;) {
      Result<bool> r = step();
      if (!r) return r.error();
      if (!*r) break;
    }
    reset();
    return Status::success();
  }

 protected:
  ~StatementImpl() = default;
};

class Statement {
 public:
  Statement() = default;
  explicit Statement(StatementImpl* impl) : impl_(impl) {}
  Statement(Statement&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept {
    if (this != &other) {
      if (impl_ != nullptr) impl_->release();
      impl_ = std::exchange(other.impl_, nullptr);
    }
    return *this;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    if (impl_ != nullptr) impl_->release();
  }

  void bind_int(int index, int64_t value) { impl_->bind_int(index, value); }
  void bind_int(int index, const std::optional<int64_t>& value) {
    if (value) impl_->bind_int(index, *value);
    else impl_->bind_null(index);
  }
  void bind_text(int index, std::string_view value) { impl_->bind_text(index, value); }
  void bind_opt_text(int index, const std::optional<std::string>& value) {
    if (value) impl_->bind_text(index, *value);
    else impl_->bind_null(index);
  }
  void bind_blob(int index, std::string_view value) { impl_->bind_blob(index, value); }
  void bind_opt_blob(int index, const std::optional<std::string>& value) {
    if (value) impl_->bind_blob(index, *value);
    else impl_->bind_null(index);
  }
  void bind_null(int index) { impl_->bind_null(index); }

  Result<bool> step() { return impl_->step(); }
  // Steps a statement that returns no row (or ignores its rows) to completion.
  Status run() {
    for (;;) {
      Result<bool> r = impl_->step();
      if (!r) return r.error();
      if (!*r) return Status::success();
    }
  }
  // Runs a statement whose rows and changes() the caller does not need, for
  // the writer's hot paths. PostgreSQL sends it without waiting for the
  // server (pipeline mode): the next statement that waits, at the latest the
  // COMMIT, reports an error it met and fails with it; see
  // Connection::settle. SQLite runs it now. Either way the statement is
  // ready for new bindings afterwards.
  Status run_deferred() { return impl_->run_deferred(); }
  // Runs an `INSERT ... RETURNING id` to completion and gives the id.
  Result<int64_t> run_returning_id() {
    Result<bool> row = impl_->step();
    if (!row) return row.error();
    if (!*row) return Error::storage("an INSERT ... RETURNING id returned no row");
    const int64_t id = impl_->int64(0);
    if (Status s = run(); !s) return s.error();
    return id;
  }
  void reset() { impl_->reset(); }

  int64_t int64(int column) const { return impl_->int64(column); }
  int integer(int column) const { return static_cast<int>(impl_->int64(column)); }
  bool is_null(int column) const { return impl_->is_null(column); }
  std::string_view text(int column) const { return impl_->text(column); }
  std::string_view blob(int column) const { return impl_->blob(column); }
  std::string string(int column) const { return std::string(impl_->text(column)); }
  std::optional<std::string> opt_string(int column) const {
    if (impl_->is_null(column)) return std::nullopt;
    return std::string(impl_->text(column));
  }
  std::optional<int64_t> opt_int64(int column) const {
    if (impl_->is_null(column)) return std::nullopt;
    return impl_->int64(column);
  }

 private:
  StatementImpl* impl_ = nullptr;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Runs one or more statements that return no rows (schema, settings).
  virtual Status exec(const char* sql) = 0;
  // Runs one cached statement without parameters to completion.
  Status run(std::string_view sql) {
    Result<Statement> st = prepare(sql);
    if (!st) return st.error();
    return st->run();
  }
  virtual Result<Statement> prepare(std::string_view sql) = 0;

  // Rows inserted, updated or deleted by the last statement that finished.
  virtual int64_t changes() const = 0;
  // False when no transaction is open: the database may end one by itself
  // (SQLite after SQLITE_FULL or SQLITE_IOERR; PostgreSQL when the
  // connection is lost).
  virtual bool in_transaction() const = 0;
  // Opens the writer's transaction: SQLite takes its write lock at once
  // (BEGIN IMMEDIATE); PostgreSQL also takes the cluster-wide writer lock
  // (see store/postgres/pg_connection.h).
  virtual Status begin_write() = 0;
  // Opens a read transaction whose queries all see one snapshot (PostgreSQL
  // needs REPEATABLE READ for that; its default gives each query its own).
  virtual Status begin_read() { return run("BEGIN"); }
  // True once the connection is lost for good (a PostgreSQL server restart):
  // its owner opens a new one.
  virtual bool broken() const { return false; }
  // Waits for every deferred statement (Statement::run_deferred) and gives
  // the first error one met. Any statement that waits does this first.
  virtual Status settle() { return Status::success(); }

 protected:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
};

// A read transaction, so that a read made of several queries sees one
// snapshot. Ends (COMMIT) when destroyed.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& conn) : conn_(conn) {}
  Status begin() {
    Status s = conn_.begin_read();
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

}  // namespace zkpush::store::sql
