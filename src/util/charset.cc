#include "util/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

namespace zkpush {
namespace {

bool iequal_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

// Converts with iconv; an unconvertible input byte/char is replaced by
// `replacement` (already in the target encoding) and conversion continues.
std::string convert(std::string_view in, const char* to, const char* from, std::string_view replacement) {
  const bool from_utf8_input = std::string_view(from) == "UTF-8";
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(in);
  std::string out;
  out.resize(in.size() * 2 + 16);
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  std::size_t used = 0;
  while (src_left > 0) {
    char* dst = out.data() + used;
    std::size_t dst_left = out.size() - used;
    std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    used = out.size() - dst_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
    } else {  // EILSEQ or EINVAL: skip one character (a whole UTF-8 sequence)
      ++src;
      --src_left;
      if (from_utf8_input)
        while (src_left > 0 && (static_cast<unsigned char>(*src) & 0xC0) == 0x80) { ++src; --src_left; }
      out.resize(std::max(out.size(), used + replacement.size() + 16));
      out.replace(used, replacement.size(), replacement);
      used += replacement.size();
    }
  }
  iconv_close(cd);
  out.resize(used);
  return out;
}

std::string latin1_to_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 2);
  for (unsigned char c : in) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

}  // namespace

Charset charset_from_name(std::string_view name) {
  if (iequal_ascii(name, "GB2312") || iequal_ascii(name, "GBK") || iequal_ascii(name, "GB18030"))
    return Charset::kGb2312;
  return Charset::kUtf8;
}

// RFC 3629 §4: the second byte's range depends on the first, which rules out
// overlong forms (C0 80 for NUL), UTF-16 surrogates (ED A0 80) and code
// points above U+10FFFF (F4 90 80 80); JSON readers of the API refuse them.
bool is_valid_utf8(std::string_view s) {
  auto in = [](unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; };
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = in(c, 0xC2, 0xDF) ? 2 : in(c, 0xE0, 0xEF) ? 3 : in(c, 0xF0, 0xF4) ? 4 : 0;
    if (len == 0 || i + len > n) return false;
    auto second = static_cast<unsigned char>(s[i + 1]);
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (!in(second, lo, hi)) return false;
    for (std::size_t k = 2; k < len; ++k)
      if (!in(static_cast<unsigned char>(s[i + k]), 0x80, 0xBF)) return false;
    i += len;
  }
  return true;
}

std::string to_utf8(std::string_view bytes, Charset from) {
  bool ascii = true;
  for (char c : bytes) if (static_cast<unsigned char>(c) >= 0x80) { ascii = false; break; }
  if (ascii) return std::string(bytes);
  if (from == Charset::kGb2312) return convert(bytes, "UTF-8", "GB18030", "\xEF\xBF\xBD");
  if (is_valid_utf8(bytes)) return std::string(bytes);
  return latin1_to_utf8(bytes);
}

std::string from_utf8(std::string_view utf8, Charset to) {
  if (to == Charset::kUtf8) return std::string(utf8);
  bool ascii = true;
  for (char c : utf8) if (static_cast<unsigned char>(c) >= 0x80) { ascii = false; break; }
  if (ascii) return std::string(utf8);
  return convert(utf8, "GB2312", "UTF-8", "?");
}

std::string_view to_utf8_view(std::string_view bytes, Charset from, std::string& scratch) {
  for (char c : bytes)
    if (static_cast<unsigned char>(c) >= 0x80) {
      scratch = to_utf8(bytes, from);
      return scratch;
    }
  return bytes;
}

}  // namespace zkpush
