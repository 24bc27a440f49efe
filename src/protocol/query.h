// Query strings as terminals send them: keys matched case-insensitively
// (`SN`/`sn`, `table`/`Table`), values percent-decoded ('+' stays '+': no
// firmware form-encodes), repeated keys keep the first value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

}  // namespace zkpush::protocol
