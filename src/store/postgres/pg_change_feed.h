// PostgreSQL's change feed (store/sql/change_feed.h). The writer sends its
// transaction's changes as NOTIFY zkpush (pg_notify), which PostgreSQL
// delivers to every listening session when, and only if, the transaction
// commits: every node hears every node's changes, its own included
// (Change::here, told by the origin word each payload starts with), in
// commit order. A thread of this feed LISTENs on a connection of its own
// and hands each change to the listener.
//
// While that connection is down the feed is not complete (a node then reads
// the database instead of trusting its caches); the thread reconnects with
// back-off, LISTENs again, and delivers kResync, since anything may have
// changed unheard.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/sql/change_feed.h"

namespace zkpush::store::postgres {

class PgChangeFeed final : public sql::ChangeFeed {
 public:
  // Starts listening on a connection to `uri`.
  explicit PgChangeFeed(std::string uri);
  // Stops the thread and closes its connection.
  ~PgChangeFeed() override;
  PgChangeFeed(const PgChangeFeed&) = delete;
  PgChangeFeed& operator=(const PgChangeFeed&) = delete;

  bool complete() const override { return listening_.load(std::memory_order_acquire); }
  Status announce(sql::Connection& writer, const std::vector<Change>& changes) override;
  void committed(const std::vector<Change>&) override {}  // the notification brings them back

 private:
  void run();
  // Connects and LISTENs, delivering notifications until the connection is
  // lost or the feed stops.
  void listen_once();
  // Waits `delay`, or less when stopping; false when stopping.
  bool pause(std::chrono::milliseconds delay);

  const std::string uri_;
  const std::string origin_;  // starts each notification this feed sends
  std::atomic<bool> listening_{false};
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;     // last: starts once every other member exists
};

}  // namespace zkpush::store::postgres
