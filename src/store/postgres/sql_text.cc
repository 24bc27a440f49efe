#include "store/postgres/sql_text.h"

#include <charconv>

namespace zkpush::store::postgres {

namespace {

bool is_digit_char(char c) { return c >= '0' && c <= '9'; }

bool is_identifier_char(char c) {
  return is_digit_char(c) || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The index just past the literal, identifier or comment starting at `i`
// (sql[i] is its opening character), or `i` when none starts there.
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  const char c = sql[i];
  if (c == '\'' || c == '"') {
    // E'...' literals escape with a backslash; everywhere a doubled quote
    // stands for one, which this loop reads as two adjacent literals.
    const bool backslash = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           (i == 1 || !is_identifier_char(sql[i - 2]));
    std::size_t j = i + 1;
    while (j < sql.size() && sql[j] != c) j += (backslash && sql[j] == '\\') ? 2 : 1;
    return j < sql.size() ? j + 1 : sql.size();
  }
  if (sql.substr(i, 2) == "--") {
    std::size_t end = sql.find('\n', i);
    return end == std::string_view::npos ? sql.size() : end + 1;
  }
  if (sql.substr(i, 2) == "/*") {
    std::size_t end = sql.find("*/", i + 2);
    return end == std::string_view::npos ? sql.size() : end + 2;
  }
  return i;
}

// The length of the valid UTF-8 sequence at the start of `s`, or 0 with
// `prefix` set to how many of its bytes could still begin one (at least 1):
// the bytes one U+FFFD replaces. RFC 3629 ranges, as util/charset.cc.
std::size_t utf8_sequence(std::string_view s, std::size_t& prefix) {
  auto in = [](unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; };
  const auto c = static_cast<unsigned char>(s[0]);
  prefix = 1;
  if (c != 0 && c < 0x80) return 1;
  const std::size_t len = in(c, 0xC2, 0xDF) ? 2 : in(c, 0xE0, 0xEF) ? 3 : in(c, 0xF0, 0xF4) ? 4 : 0;
  if (len == 0) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if (k >= s.size()) return 0;
    const unsigned char lo = k == 1 && c == 0xE0 ? 0xA0 : k == 1 && c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = k == 1 && c == 0xED ? 0x9F : k == 1 && c == 0xF4 ? 0x8F : 0xBF;
    if (!in(static_cast<unsigned char>(s[k]), lo, hi)) return 0;
    prefix = k + 1;
  }
  return len;
}

}  // namespace

Result<PgSql> rewrite_parameters(std::string_view sql) {
  // Two passes over the text: which numbers are used, then the rewrite.
  PgSql out;
  for (const bool write : {false, true}) {
    if (write) {
      int dense = 0;
      for (int& slot : out.slots) {
        if (slot != 0) slot = ++dense;
      }
      out.parameter_count = dense;
      out.text.reserve(sql.size());
    }
    std::size_t i = 0;
    while (i < sql.size()) {
      const std::size_t skipped = skip_quoted(sql, i);
      if (skipped != i) {
        if (write) out.text.append(sql.substr(i, skipped - i));
        i = skipped;
        continue;
      }
      if (sql[i] != '?') {
        if (write) out.text += sql[i];
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (end < sql.size() && is_digit_char(sql[end])) ++end;
      int number = 0;
      auto [ptr, ec] = std::from_chars(sql.data() + i + 1, sql.data() + end, number);
      if (end == i + 1 || ec != std::errc() || number < 1) {
        return Error::storage("a parameter without a number (use ?1, ?2...) at offset " +
                              std::to_string(i) + " of: " + std::string(sql.substr(0, 72)));
      }
      if (write) {
        out.text += '$';
        out.text += std::to_string(out.slots[number]);
      } else {
        if (static_cast<std::size_t>(number) >= out.slots.size()) out.slots.resize(number + 1, 0);
        out.slots[number] = 1;
      }
      i = end;
    }
  }
  return out;
}

void to_pg_text(std::string_view value, std::string& out) {
  out.clear();
  out.reserve(value.size() + 1);  // the statement sends it NUL-terminated
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t prefix = 1;
    const std::size_t len = utf8_sequence(value.substr(i), prefix);
    if (len > 0) {
      out.append(value.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      i += prefix;
    }
  }
}

}  // namespace zkpush::store::postgres
