// See record_time.h. R21 shows what a clock before NTP produces
// ("1971--10--29 -23:-27:-54"): such values are refused, not repaired.
#include "protocol/record_time.h"

#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

// Reads min_digits..max_digits digits at `pos` (no more digits may follow);
// advances `pos`.
std::optional<int> read_number(std::string_view text, std::size_t& pos, std::size_t min_digits,
                               std::size_t max_digits) {
  std::size_t start = pos;
  int value = 0;
  while (pos < text.size() && is_digit(text[pos]) && pos - start < max_digits) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  std::size_t n = pos - start;
  if (n < min_digits || (pos < text.size() && is_digit(text[pos]))) return std::nullopt;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

void append2(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

struct Parts {
  int year, month, day, hour, minute, second;
};

std::optional<Parts> parse(std::string_view text) {
  std::size_t pos = 0;
  auto year = read_number(text, pos, 4, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  auto month = read_number(text, pos, 1, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  auto day = read_number(text, pos, 1, 2);
  if (!day) return std::nullopt;
  std::size_t blanks = pos;
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  if (pos == blanks) return std::nullopt;
  auto hour = read_number(text, pos, 1, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  auto minute = read_number(text, pos, 1, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  auto second = read_number(text, pos, 1, 2);
  if (!second || pos != text.size()) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 59)
    return std::nullopt;
  return Parts{*year, *month, *day, *hour, *minute, *second};
}

}  // namespace

bool is_record_time(std::string_view text) { return parse(text).has_value(); }

std::optional<std::string> normalize_record_time(std::string_view text) {
  auto p = parse(text);
  if (!p) return std::nullopt;
  std::string out;
  out.reserve(19);
  append2(out, p->year / 100);
  append2(out, p->year % 100);
  out.push_back('-');
  append2(out, p->month);
  out.push_back('-');
  append2(out, p->day);
  out.push_back(' ');
  append2(out, p->hour);
  out.push_back(':');
  append2(out, p->minute);
  out.push_back(':');
  append2(out, p->second);
  return out;
}

std::optional<int64_t> record_time_as_utc_seconds(std::string_view text) {
  auto p = parse(text);
  if (!p) return std::nullopt;
  // Days from 1970-01-01 to the civil date (H. Hinnant's days_from_civil).
  const int y = p->year - (p->month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (p->month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + p->day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + p->hour * 3600 + p->minute * 60 + p->second;
}

std::optional<int> time_zone_minutes(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  bool negative = false;
  if (!value.empty() && (value.front() == '-' || value.front() == '+')) {
    negative = value.front() == '-';
    value.remove_prefix(1);
  }
  if (value.empty() || value.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (negative) v = -v;
  return (v > -60 && v < 60) ? v * 60 : v;
}

std::optional<int64_t> record_utc_ms(std::string_view time, std::string_view time_zone) {
  auto seconds = record_time_as_utc_seconds(time);
  auto zone = time_zone_minutes(time_zone);
  if (!seconds || !zone) return std::nullopt;
  return (*seconds - *zone * 60LL) * 1000;
}

}  // namespace zkpush::protocol
