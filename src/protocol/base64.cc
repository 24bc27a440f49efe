// Standard base64 (RFC 4648 §4 alphabet, '=' padding) for template and photo
// payloads: FP/FACE TMP, USERPIC/BIOPHOTO Content (004 §11.9-11.15) and
// ATTPHOTOBase64=1 photos (004 §5, AMB-26).
//
// Decoding is lenient where terminals and the documents are sloppy and strict
// where a guess would corrupt data: whitespace anywhere is skipped (the
// documents print templates wrapped over several lines), missing padding is
// accepted (004 §11.13's example "Content=AAAAAAAAAA" has none), but any
// character outside the alphabet, data after padding, or a dangling single
// character fails.
#include <array>
#include <cstdint>

#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int kInvalid = -1;

constexpr std::array<int, 256> make_decode_table() {
  std::array<int, 256> table{};
  for (int& v : table) v = kInvalid;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = i;
  return table;
}

constexpr std::array<int, 256> kDecode = make_decode_table();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

Result<std::string> decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  uint32_t bits = 0;
  int nbits = 0;
  int quad = 0;         // significant characters in the current 4-character group
  bool padded = false;  // '=' seen: only more '=' or whitespace may follow
  for (char c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      padded = true;
      continue;
    }
    int v = kDecode[static_cast<unsigned char>(c)];
    if (v == kInvalid) return Error::invalid("base64: invalid character");
    if (padded) return Error::invalid("base64: data after padding");
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    quad = (quad + 1) % 4;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(static_cast<char>((bits >> nbits) & 0xFF));
    }
  }
  // One character alone cannot carry a byte: the text was truncated.
  if (quad == 1) return Error::invalid("base64: truncated group");
  return out;
}

std::string encode_base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                 (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                 uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) n |= uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace zkpush::protocol
