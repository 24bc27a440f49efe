// PUSH protocol versions (see version.h).
#include "protocol/version.h"

#include <array>

#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

// 2.2.14: the first version that acknowledges uploads with a count and the
// oldest one a 004 server must support (004:L565, Appendix 6).
constexpr PushVersion kCountedAcks{2, 2, 14};
constexpr int kRegistryMajor = 3;

int compare(const PushVersion& a, const PushVersion& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  return 0;
}

}  // namespace

std::optional<PushVersion> parse_push_version(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && !is_digit(text[i])) ++i;
  if (i == text.size()) return std::nullopt;
  std::array<int, 3> parts = {0, 0, 0};
  for (std::size_t part = 0; part < parts.size(); ++part) {
    long long value = 0;
    for (; i < text.size() && is_digit(text[i]); ++i)
      if (value < 1'000'000'000) value = value * 10 + (text[i] - '0');  // clamp, never overflow
    parts[part] = static_cast<int>(value < 1'000'000'000 ? value : 1'000'000'000);
    // Another component only if a '.' is followed by a digit ("2.4.1S" stops at S).
    if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return PushVersion{parts[0], parts[1], parts[2]};
}

bool acks_with_count(std::string_view pushver) {
  auto v = parse_push_version(pushver);
  return v && compare(*v, kCountedAcks) >= 0;
}

bool is_legacy(std::string_view pushver) { return trim(pushver).empty(); }

bool needs_registry(std::string_view pushver, std::string_view device_type) {
  if (auto type = trim(device_type); !type.empty()) return iequals(type, "acc");
  auto v = parse_push_version(pushver);
  return v && v->major >= kRegistryMajor;
}

bool speaks_access(bool registered, std::string_view pushver, std::string_view device_type) {
  return !iequals(trim(device_type), "att") && (registered || needs_registry(pushver, device_type));
}

}  // namespace zkpush::protocol
