// Hex digits, written and read: digests, tokens, percent-escapes, \xNN and
// \u00NN escapes, MAC addresses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zkpush {

inline constexpr std::string_view kHexDigits = "0123456789abcdef";
inline constexpr std::string_view kUpperHexDigits = "0123456789ABCDEF";

// Appends the two hex digits of `byte`, high nibble first.
inline void append_hex_byte(std::string& out, unsigned char byte, std::string_view digits = kHexDigits) {
  out += digits[byte >> 4];
  out += digits[byte & 0xf];
}

// Lower-case hex of `bytes`, two digits a byte.
inline std::string to_hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char b : bytes) append_hex_byte(out, static_cast<unsigned char>(b));
  return out;
}

// The value of one hex digit of either case, or -1.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr bool is_hex_digit(char c) { return hex_value(c) >= 0; }

}  // namespace zkpush
