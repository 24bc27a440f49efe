#include "store/postgres/pg_connection.h"

#include "store/postgres/pg_error.h"
#include "store/postgres/sql_text.h"

namespace zkpush::store::postgres {

namespace {

// Eight ASCII characters as one big-endian number.
constexpr int64_t ascii_key(std::string_view eight) {
  uint64_t key = 0;
  for (char c : eight) key = key << 8 | static_cast<unsigned char>(c);
  return static_cast<int64_t>(key);
}

// The writer lock's key: "zkpushwr" in ASCII. Every node's writer holds it
// from BEGIN to COMMIT, so writer transactions are serialized across the
// cluster and row ids taken from sequences (attendance, photos, events: the
// event streams' cursors) are in commit order; a reader paging by id never
// skips a row that commits later with a smaller id.
constexpr int64_t kWriterLockKey = ascii_key("zkpushwr");
// Fixed for good: nodes whose keys differ would not exclude each other.
static_assert(kWriterLockKey == 0x7a6b'7075'7368'7772);

// Deferred statements sent before settle() reads their results.
constexpr std::size_t kMaxDeferred = 512;

// Waits for the writer lock; it is released when the transaction ends.
Status take_writer_lock(sql::Connection& conn) {
  Result<sql::Statement> lock = conn.prepare("SELECT pg_advisory_xact_lock(?1)");
  if (!lock) return lock.error();
  lock->bind_int(1, kWriterLockKey);
  return lock->run();
}

}  // namespace

PGconn* connect_to(const std::string& uri) {
  // Before the URI, defaults it may override: a server that is unreachable
  // (a failed-over host, a partition) must fail a connection attempt or a
  // statement within seconds, so uploads are answered 503 and the node
  // retries, instead of hanging for the kernel's TCP timeouts. After it,
  // client_encoding, which must win.
  const char* const keywords[] = {"connect_timeout",  "keepalives",       "keepalives_idle", "keepalives_interval",
                                  "keepalives_count", "tcp_user_timeout", "dbname",          "client_encoding",
                                  nullptr};
  const char* const values[] = {"5", "1", "5", "2", "3", "10000", uri.c_str(), "UTF8", nullptr};
  return PQconnectdbParams(keywords, values, 1);
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& uri) {
  PGconn* conn = connect_to(uri);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(conn);
    return Error::unavailable("cannot connect to PostgreSQL: " + message);
  }
  // Notices ("relation ... already exists, skipping") are for people at a
  // psql prompt; the default processor would print them to stderr.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgConnection> connection(new PgConnection(conn));
  // Hex is the default, but a server may be set to the escape form, which
  // the statements do not decode.
  if (Status s = connection->exec("SET bytea_output = hex"); !s) return s.error();
  return connection;
}

PgConnection::~PgConnection() {
  cache_.clear();
  PQfinish(conn_);
}

Status PgConnection::exec(const char* sql) {
  if (Status s = settle(); !s) return s;
  PGresult* result = PQexec(conn_, sql);
  const ExecStatusType status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    PQclear(result);
    return Status::success();
  }
  Error e = pg_error(conn_, result, sql);
  PQclear(result);
  return e;
}

Result<sql::Statement> PgConnection::prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    PgStatement& cached = *it->second;
    if (cached.in_use()) return sql::Statement(cached.private_copy());
    cached.acquire();
    return sql::Statement(&cached);
  }
  Result<PgSql> rewritten = rewrite_parameters(sql);
  if (!rewritten) return rewritten.error();
  if (Status s = settle(); !s) return s.error();  // PQprepare waits
  std::string name = "s" + std::to_string(++prepared_count_);
  // No parameter types: the server infers each from where it is used.
  PGresult* result = PQprepare(conn_, name.c_str(), rewritten->text.c_str(), 0, nullptr);
  if (PQresultStatus(result) != PGRES_COMMAND_OK) {
    Error e = pg_error(conn_, result, sql);
    PQclear(result);
    return e;
  }
  PQclear(result);
  auto statement = std::make_unique<PgStatement>(*this, std::move(name), std::string(sql),
                                                 std::move(rewritten->slots), true);
  statement->acquire();
  auto [pos, inserted] = cache_.emplace(std::string(sql), std::move(statement));
  return sql::Statement(pos->second.get());
}

bool PgConnection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

Status PgConnection::begin_write() {
  // BEGIN and the lock in one round trip: the lock's wait settles BEGIN.
  Result<sql::Statement> begin = prepare("BEGIN");
  if (!begin) return begin.error();
  if (Status s = begin->run_deferred(); !s) return s;
  Status locked = take_writer_lock(*this);
  // Not left half-open: the caller sees a failed begin, not a transaction.
  if (!locked && in_transaction()) (void)exec("ROLLBACK");
  return locked;
}

bool PgConnection::broken() const { return PQstatus(conn_) == CONNECTION_BAD; }

Status PgConnection::send_deferred(const char* name, int count, const char* const* values, const int* lengths,
                                   const int* formats, std::string_view sql) {
  // Results wait on the server until settle() asks for them: bounded, so its
  // output buffer never fills while this side is still sending.
  if (deferred_count_ >= kMaxDeferred) {
    if (Status s = settle(); !s) return s;
  }
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) == 0) {
    return pg_error(conn_, nullptr, sql);
  }
  if (PQsendQueryPrepared(conn_, name, count, values, lengths, formats, 0) == 0) {
    Error e = pg_error(conn_, nullptr, sql);
    resynchronize();
    return e;
  }
  if (deferred_.size() <= deferred_count_) deferred_.resize(deferred_count_ + 1);
  deferred_[deferred_count_++].assign(sql.substr(0, 200));
  return Status::success();
}

Status PgConnection::settle() {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) return Status::success();
  Status first = Status::success();
  if (PQsendFlushRequest(conn_) == 0 || PQflush(conn_) != 0) first = pg_error(conn_, nullptr, "(pipeline flush)");
  for (std::size_t i = 0; i < deferred_count_ && first; ++i) {
    // One result per statement, then a null that ends it.
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {
      first = pg_error(conn_, nullptr, deferred_[i]);
      break;
    }
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) first = pg_error(conn_, result, deferred_[i]);
    PQclear(result);
    while ((result = PQgetResult(conn_)) != nullptr) PQclear(result);
  }
  deferred_count_ = 0;
  if (!first) {
    resynchronize();
    return first;
  }
  if (PQexitPipelineMode(conn_) == 0) return pg_error(conn_, nullptr, "(leaving pipeline mode)");
  return first;
}

void PgConnection::resynchronize() {
  deferred_count_ = 0;
  if (PQstatus(conn_) != CONNECTION_OK) return;  // broken(): the owner opens a new one
  if (PQpipelineSync(conn_) == 1) {
    // What is left: the skipped statements' PGRES_PIPELINE_ABORTED, each
    // ended by a null, then the sync's PGRES_PIPELINE_SYNC.
    int nulls = 0;
    while (nulls < 2 && PQstatus(conn_) == CONNECTION_OK) {
      PGresult* result = PQgetResult(conn_);
      if (result == nullptr) {
        ++nulls;
        continue;
      }
      nulls = 0;
      const bool synced = PQresultStatus(result) == PGRES_PIPELINE_SYNC;
      PQclear(result);
      if (synced) break;
    }
  }
  PQexitPipelineMode(conn_);
}

}  // namespace zkpush::store::postgres
