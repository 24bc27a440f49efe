// See record_time.h. R21 shows what a clock before NTP produces
// ("1971--10--29 -23:-27:-54"): such values are refused, not repaired.
#include "protocol/record_time.h"

namespace zkpush::protocol {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

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

}  // namespace zkpush::protocol
