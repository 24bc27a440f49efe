// The server's clock, in one place so tests and the store agree on units.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>

namespace zkpush {

// Unix time in milliseconds (UTC).
inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The time the service reads (ServiceConfig::clock): the system clock, or a
// virtual time that only moves when a test advances it, so that command
// expiry, retries, online/offline and last-seen flushing are tested without
// sleeping. Copies share one virtual time. The system clock costs one branch
// more than now_ms(): no virtual call, no allocation.
class ServiceClock {
 public:
  ServiceClock() = default;  // the system clock
  // A virtual clock standing at `unix_ms`.
  static ServiceClock virtual_at(int64_t unix_ms) {
    ServiceClock clock;
    clock.virtual_ms_ = std::make_shared<std::atomic<int64_t>>(unix_ms);
    return clock;
  }
  int64_t now_ms() const { return virtual_ms_ ? virtual_ms_->load(std::memory_order_relaxed) : zkpush::now_ms(); }
  // Moves a virtual clock on; only for a clock made by virtual_at.
  void advance(std::chrono::milliseconds by) const { virtual_ms_->fetch_add(by.count(), std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<int64_t>> virtual_ms_;  // null: the system clock
};

// "YYYY-MM-DD HH:MM:SS" for a count of seconds since the epoch, read as UTC
// (terminals' record times carry no zone; callers add the offset first).
inline std::string format_record_time(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[24];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// Unix milliseconds as ISO 8601 UTC: "2026-11-28T05:58:34.123Z".
inline std::string iso_utc(int64_t ms) {
  const int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::string text = format_record_time(seconds);
  text[10] = 'T';
  const int millis = static_cast<int>(ms - seconds * 1000);
  text += '.';
  text += static_cast<char>('0' + millis / 100);
  text += static_cast<char>('0' + millis / 10 % 10);
  text += static_cast<char>('0' + millis % 10);
  text += 'Z';
  return text;
}

}  // namespace zkpush
