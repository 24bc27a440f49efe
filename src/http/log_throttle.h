// One log line per burst of the same event (a peer refused for too many
// connections, thousands of times a second, must not flood the log): the
// first event of a burst is logged, the next ones within `interval` only
// counted, and the next line logged after it says how many there were.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>

namespace zkpush::http {

class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LogThrottle(Clock::duration interval = std::chrono::seconds(10)) : interval_(interval) {}

  // 0 when this event is not to be logged; otherwise the number of events
  // this line stands for (itself plus those not logged since the last line).
  // Thread-safe.
  std::size_t admit(Clock::time_point now = Clock::now());

 private:
  const Clock::duration interval_;
  std::mutex mutex_;
  Clock::time_point next_line_{};
  std::size_t unlogged_ = 0;
};

}  // namespace zkpush::http
