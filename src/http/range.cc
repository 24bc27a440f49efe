#include "http/range.h"

#include <charconv>

namespace zkpush::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<uint64_t> number(std::string_view s) {
  s = trim(s);
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

RangeResult parse_range(std::string_view header, uint64_t size, ByteRange& out) {
  header = trim(header);
  if (header.size() < 6 || header.substr(0, 6) != "bytes=") return RangeResult::kWhole;
  std::string_view spec = trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return RangeResult::kWhole;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeResult::kWhole;
  std::string_view first = trim(spec.substr(0, dash)), last = trim(spec.substr(dash + 1));
  if (first.empty()) {  // suffix range: the last N bytes
    auto n = number(last);
    if (!n) return RangeResult::kWhole;
    if (*n == 0 || size == 0) return RangeResult::kUnsatisfiable;
    out.first = *n >= size ? 0 : size - *n;
    out.last = size - 1;
    return RangeResult::kPartial;
  }
  auto a = number(first);
  if (!a) return RangeResult::kWhole;
  if (*a >= size) return RangeResult::kUnsatisfiable;
  out.first = *a;
  out.last = size - 1;
  if (!last.empty()) {
    auto b = number(last);
    if (!b || *b < *a) return RangeResult::kWhole;
    out.last = *b < size ? *b : size - 1;
  }
  return RangeResult::kPartial;
}

}  // namespace zkpush::http
