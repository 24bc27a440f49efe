// The server's clock, in one place so tests and the store agree on units.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace zkpush {

// Unix time in milliseconds (UTC).
inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

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

}  // namespace zkpush
