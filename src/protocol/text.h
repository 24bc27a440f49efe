// Small text helpers shared by the codec: ASCII case folding, trimming,
// integer parsing and line splitting that tolerates every line ending
// terminals send (LF, CRLF, lone CR, mixed).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zkpush::protocol {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A character of a key in options bodies and key=value lines: letters,
// digits, '_' and '~' (~DeviceName, ~ExtendFmt).
inline bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' || c == '~';
}

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view text, std::string_view prefix);
std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);

// Strips spaces, tabs, CR, LF and NUL from both ends.
std::string_view trim(std::string_view text);

// Whole-string base-10 integer with optional sign and surrounding blanks.
std::optional<long long> parse_int(std::string_view text);

// Calls `fn(line)` for every line; line ends are LF, CRLF or a lone CR.
// Lines are passed without their terminator; blank lines are passed too.
template <typename Fn>
void for_each_line(std::string_view body, Fn&& fn) {
  std::size_t start = 0;
  const std::size_t n = body.size();
  for (std::size_t i = 0; i < n; ++i) {
    char c = body[i];
    if (c == '\n' || c == '\r') {
      fn(body.substr(start, i - start));
      if (c == '\r' && i + 1 < n && body[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < n) fn(body.substr(start));
}

// Splits on one separator character, keeping empty fields.
std::vector<std::string_view> split(std::string_view text, char separator);

// A peer-supplied string made safe for one log line: at most `max` bytes,
// bytes outside printable ASCII as \xNN (NUL-padded serial numbers show up as
// \x00, and a CR or LF cannot forge a log line), "..." when cut.
std::string printable(std::string_view text, std::size_t max = 64);

}  // namespace zkpush::protocol
