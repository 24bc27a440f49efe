// A PostgreSQL connection behind the store's SQL interface
// (store/sql/connection.h).
//
// libpq directly, not a C++ wrapper: it is the C API every PostgreSQL tool
// uses, gives pipeline mode and COPY, the store needs only a dozen calls, and
// no wrapper's exceptions cross our error-value boundary.
//
// Statements are prepared on the server once per connection (named s1,
// s2...) and cached by their SQL text; a handle asked for while the cached
// one is lent out gets a private statement over the same server-side one.
// The connection speaks UTF8 (client_encoding) and reads BYTEA in hex.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/postgres/pg_statement.h"
#include "store/sql/connection.h"
#include "util/error.h"

namespace zkpush::store::postgres {

// A libpq connection to `uri` (any connection string or URI) with the
// timeouts every zkpush connection uses; check PQstatus. For connections
// that are not a PgConnection (the change feed's).
PGconn* connect_to(const std::string& uri);

class PgConnection final : public sql::Connection {
 public:
  // `uri`: any libpq connection string or URI (postgresql://user@host:port/db).
  // A server that cannot be reached is kUnavailable.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& uri);
  ~PgConnection() override;

  Status exec(const char* sql) override;
  Result<sql::Statement> prepare(std::string_view sql) override;
  int64_t changes() const override { return changes_; }
  bool in_transaction() const override;
  Status begin_write() override;
  // REPEATABLE READ: PostgreSQL's default (READ COMMITTED) would give each
  // query of a read its own snapshot.
  Status begin_read() override { return run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }

  // The connection is lost (the server went away, the backend was
  // terminated): a pool drops it rather than hand it out again.
  bool broken() const override;
  // Deferred statements (run_deferred) are sent in libpq's pipeline mode:
  // the connection enters it at the first and leaves it here, after reading
  // their results. Every statement that waits calls this first.
  Status settle() override;
  // For what the interface does not cover (LISTEN/NOTIFY).
  PGconn* handle() const { return conn_; }

 private:
  friend class PgStatement;  // sets changes_ when a statement finishes; sends deferred ones
  explicit PgConnection(PGconn* conn) : conn_(conn) {}

  // Sends a prepared statement without waiting for its result (see settle).
  Status send_deferred(const char* name, int count, const char* const* values, const int* lengths,
                       const int* formats, std::string_view sql);
  // After an error in the pipeline: the server skips the rest up to a sync.
  void resynchronize();

  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  PGconn* conn_ = nullptr;
  // Declared after conn_: destroyed first, while the connection is open.
  std::unordered_map<std::string, std::unique_ptr<PgStatement>, SqlHash, std::equal_to<>> cache_;
  int prepared_count_ = 0;
  int64_t changes_ = 0;
  // The deferred statements sent and not settled: the start of each one's
  // SQL, for its error message (strings reused).
  std::vector<std::string> deferred_;
  std::size_t deferred_count_ = 0;
};

}  // namespace zkpush::store::postgres
