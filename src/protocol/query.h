// Query strings as terminals send them: keys matched case-insensitively
// (`SN`/`sn`, `table`/`Table`), values percent-decoded ('+' stays '+': no
// firmware form-encodes), repeated keys keep the first value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace zkpush::protocol {

class Query {
 public:
  Query() = default;
  // `raw` is everything after '?' (may be empty). Never fails: a malformed
  // escape is kept literally.
  static Query parse(std::string_view raw);

  // Value of the first key equal to `key` ignoring ASCII case.
  std::optional<std::string_view> get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }
  std::string value_or(std::string_view key, std::string_view fallback) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;  // decoded key, decoded value
};

// Every valid %XX escape decoded; a '%' not followed by two hex digits is
// kept literally, '+' stays '+'.
std::string percent_decode(std::string_view in);
// The same, appended to `out` (reuses the caller's buffer).
void append_percent_decoded(std::string_view in, std::string& out);

// A serial number as sent, with NUL padding and surrounding blanks removed
// (field-lessons §5.17: some firmware pads SN with NUL).
std::string clean_serial_number(std::string_view raw);

// Real serial numbers have 10 to 16 characters (captures: 13 and 14).
inline constexpr std::size_t kMaxSerialNumberLength = 64;

// Whether a cleaned serial number can be a terminal's identity: 1 to
// kMaxSerialNumberLength letters, digits, '-', '_', '.' or ':', not starting
// with '.'. The SN names the device in files, URLs and log lines, so path
// separators, control bytes, quotes and spaces are refused. The error says
// which rule failed.
Status check_serial_number(std::string_view sn);

}  // namespace zkpush::protocol
