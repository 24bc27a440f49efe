// Read connections for the synchronous, thread-safe read API. Each read
// leases a connection from this pool and gives it back; a connection is never
// shared by two threads at once. SQLite's WAL and PostgreSQL's MVCC let any
// number of readers run beside the writer, each on its own snapshot.
// Connections are opened on demand (by the database's own opener) and at most
// `max_idle` are kept between reads; a connection that was lost is dropped.
// After a failed opening, reads fail at once for kRetryAfter instead of each
// waiting for a connection attempt of its own: while a database server cannot
// be reached, every request thread would otherwise wait its connect timeout.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql/connection.h"
#include "util/error.h"

namespace zkpush::store::sql {

class ReadPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  static constexpr std::chrono::milliseconds kRetryAfter{1000};
  explicit ReadPool(Opener open, std::size_t max_idle = 4);

  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Connection> conn);
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> acquire();

 private:
  void give_back(std::unique_ptr<Connection> conn);

  Opener open_;
  std::size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::optional<Error> last_failure_;                 // guarded by mu_
  std::chrono::steady_clock::time_point failed_at_;  // guarded by mu_
};

}  // namespace zkpush::store::sql
