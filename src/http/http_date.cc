#include "http/http_date.h"

#include <algorithm>
#include <chrono>

namespace zkpush::http {
namespace {

constexpr char kDays[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr char kMonths[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void put2(char* out, int value) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
}

struct Cached {
  std::int64_t second = -1;
  char text[kHttpDateSize] = {};
};

}  // namespace

void format_http_date(std::int64_t unix_seconds, char* out) {
  constexpr std::int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  unix_seconds = std::clamp<std::int64_t>(unix_seconds, 0, kMax);
  std::int64_t days = unix_seconds / 86400;
  int second_of_day = static_cast<int>(unix_seconds % 86400);

  // Days since 1970-01-01 to a civil date (H. Hinnant, "chrono-Compatible
  // Low-Level Date Algorithms", days_from_civil's inverse; non-negative here).
  std::int64_t z = days + 719468;
  std::int64_t era = z / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  int weekday = static_cast<int>((days + 4) % 7);  // 1970-01-01 was a Thursday

  // "Www, DD Mmm YYYY HH:MM:SS GMT"
  std::copy_n(kDays[weekday], 3, out);
  out[3] = ',';
  out[4] = ' ';
  put2(out + 5, day);
  out[7] = ' ';
  std::copy_n(kMonths[month - 1], 3, out + 8);
  out[11] = ' ';
  put2(out + 12, year / 100);
  put2(out + 14, year % 100);
  out[16] = ' ';
  put2(out + 17, second_of_day / 3600);
  out[19] = ':';
  put2(out + 20, second_of_day / 60 % 60);
  out[22] = ':';
  put2(out + 23, second_of_day % 60);
  std::copy_n(" GMT", 4, out + 25);
}

std::string format_http_date(std::int64_t unix_seconds) {
  std::string out(kHttpDateSize, ' ');
  format_http_date(unix_seconds, out.data());
  return out;
}

std::string_view http_date_now() {
  thread_local Cached cached;
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  if (now != cached.second) {
    format_http_date(now, cached.text);
    cached.second = now;
  }
  return {cached.text, kHttpDateSize};
}

}  // namespace zkpush::http
