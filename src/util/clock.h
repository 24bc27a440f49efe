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
