// The event loops that serve connections: one io_context per thread, each run
// by exactly one thread (nginx's worker model, inside one process). A
// connection stays on the loop that accepted it, so its handlers never run
// concurrently and need no strand, and its socket and timers use the loop's
// concrete executor type rather than Asio's polymorphic any_io_executor.
//
// Why not one io_context run by N threads with a strand per connection (the
// Beast examples' way): measured with callgrind on the idle keep-alive poll,
// the strand wrapped in any_io_executor cost ~15 heap allocations and a
// mutex round trip per request, and with two threads the shared queue's lock
// was contended; the idle poll ran slower with 2 threads than with 1.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <atomic>
#include <memory>
#include <vector>

namespace zkpush::http {

class IoPool {
 public:
  // `threads` loops (at least 1). Each keeps running, even with nothing to
  // do, until finish() or stop().
  explicit IoPool(int threads);
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  // Loop 0: listeners, timers, signals.
  boost::asio::io_context& main() { return *loops_.front(); }
  // The loop a new connection goes to: each in turn. Thread-safe.
  boost::asio::io_context& next();
  int size() const { return static_cast<int>(loops_.size()); }

  // Runs every loop, loop 0 on the calling thread and each other one on a
  // thread of its own; returns when all of them have returned.
  void run();
  // Each loop returns once it has no work left (a graceful end: in-flight
  // requests and their responses first). Thread-safe.
  void finish();
  // Every loop returns as soon as it can. Thread-safe.
  void stop();

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> loops_;
  std::vector<WorkGuard> keep_running_;
  std::atomic<unsigned> next_{0};
};

}  // namespace zkpush::http
