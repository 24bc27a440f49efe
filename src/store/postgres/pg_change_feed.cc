#include "store/postgres/pg_change_feed.h"

#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <random>

namespace zkpush::store::postgres {

namespace {

using namespace std::chrono_literals;

// A notification's payload must stay under 8000 bytes.
constexpr std::size_t kMaxPayload = 7800;
// How often the listening thread looks up from its socket to see whether it
// should stop.
constexpr int kPollMs = 200;

// What this feed's notifications start with, so it knows its own: 16 hex
// digits, unique among the nodes that share a database.
std::string new_origin() {
  std::random_device random;
  const uint64_t value = (uint64_t{random()} << 32) ^ random();
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string origin;
  for (int shift = 60; shift >= 0; shift -= 4) origin += kDigits[(value >> shift) & 0xf];
  return origin;
}

}  // namespace

PgChangeFeed::PgChangeFeed(std::string uri)
    : uri_(std::move(uri)), origin_(new_origin()), thread_([this] { run(); }) {}

PgChangeFeed::~PgChangeFeed() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status PgChangeFeed::announce(sql::Connection& writer, const std::vector<Change>& changes) {
  Result<sql::Statement> st = writer.prepare("SELECT pg_notify('zkpush', ?1)");
  if (!st) return st.error();
  // Several notifications when one would be too long; words are never split.
  std::vector<Change> part;
  std::size_t size = 0;
  auto send = [&]() -> Status {
    if (part.empty()) return Status::success();
    const std::string payload = origin_ + ' ' + encode_changes(part);
    st->bind_text(1, payload);
    Status s = st->run_deferred();  // COMMIT reports an error
    st->reset();
    part.clear();
    size = 0;
    return s;
  };
  for (const Change& c : changes) {
    if (size > kMaxPayload) {
      if (Status s = send(); !s) return s;
    }
    part.push_back(c);
    size += 23 + c.sn.size();  // a word's longest form: kind, a 20-digit id, ':' and the SN, a space
  }
  return send();
}

bool PgChangeFeed::pause(std::chrono::milliseconds delay) {
  std::unique_lock lock(mu_);
  return !stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void PgChangeFeed::run() {
  auto backoff = 100ms;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    const auto started = std::chrono::steady_clock::now();
    listen_once();
    // A connection that held for a while was healthy: start over quickly.
    if (std::chrono::steady_clock::now() - started > 10s) backoff = 100ms;
    if (!pause(backoff)) return;
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
  }
}

void PgChangeFeed::listen_once() {
  // connect_to's keepalives find a server that vanished without closing the
  // connection (a failed-over host): the feed must not believe itself
  // complete for minutes.
  PGconn* conn = connect_to(uri_);
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return;
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  PGresult* listened = PQexec(conn, "LISTEN zkpush");
  const bool ok = PQresultStatus(listened) == PGRES_COMMAND_OK;
  PQclear(listened);
  if (!ok) {
    PQfinish(conn);
    return;
  }
  listening_.store(true, std::memory_order_release);
  deliver({Change{Change::Kind::kResync, 0}});
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
    }
    pollfd fd{PQsocket(conn), POLLIN, 0};
    if (::poll(&fd, 1, kPollMs) < 0 && errno != EINTR) break;
    if (PQconsumeInput(conn) == 0) break;  // the connection is lost
    // Every notification that arrived, delivered together.
    std::vector<Change> arrived;
    while (PGnotify* n = PQnotifies(conn)) {
      const std::string_view payload = n->extra;
      const std::size_t space = std::min(payload.find(' '), payload.size());
      const bool here = payload.substr(0, space) == origin_;
      for (Change c : decode_changes(payload.substr(std::min(space + 1, payload.size())))) {
        c.here = here;
        arrived.push_back(std::move(c));
      }
      PQfreemem(n);
    }
    deliver(arrived);
    if (PQstatus(conn) != CONNECTION_OK) break;
  }
  listening_.store(false, std::memory_order_release);
  PQfinish(conn);
}

}  // namespace zkpush::store::postgres
