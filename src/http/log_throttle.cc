#include "http/log_throttle.h"

namespace zkpush::http {

std::size_t LogThrottle::admit(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++unlogged_;
  if (now < next_line_) return 0;
  next_line_ = now + interval_;
  std::size_t events = unlogged_;
  unlogged_ = 0;
  return events;
}

}  // namespace zkpush::http
