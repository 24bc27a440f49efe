// Session replies and the token (see session.h).
#include "protocol/access/session.h"

#include <algorithm>
#include <array>

#include "protocol/text.h"
#include "util/crypto.h"

namespace zkpush::protocol::access {

std::string format_lines(const Fields& fields) {
  std::string text;
  for (const auto& [key, value] : fields) {
    text += key;
    text += '=';
    text += value;
    text += '\n';
  }
  return text;
}

std::string format_registry_reply(std::string_view registry_code) {
  return "RegistryCode=" + std::string(registry_code);
}

std::optional<std::string_view> cookie_token(std::string_view cookie) {
  // Pairs are separated by ';' (RFC 6265) or ',' (the documents' template:
  // "token=${XXX},timestamp=${XXX}").
  std::size_t at = 0;
  while (at <= cookie.size()) {
    std::size_t end = cookie.find_first_of(";,", at);
    if (end == std::string_view::npos) end = cookie.size();
    std::string_view pair = cookie.substr(at, end - at);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && iequals(trim(pair.substr(0, equals)), "token"))
      return trim(pair.substr(equals + 1));
    at = end + 1;
  }
  return std::nullopt;
}

std::string session_token(std::string_view registry_code, std::string_view sn, std::string_view session_id) {
  return md5_hex(std::string(registry_code) + std::string(sn) + std::string(session_id));
}

bool token_matches(std::string_view token, std::string_view registry_code, std::string_view sn,
                   std::string_view session_id) {
  if (token.size() != 32 || registry_code.empty() || session_id.empty()) return false;
  std::array<std::string_view, 3> parts = {registry_code, sn, session_id};
  std::sort(parts.begin(), parts.end());
  do {
    if (iequals(token, md5_hex(std::string(parts[0]) + std::string(parts[1]) + std::string(parts[2])))) return true;
  } while (std::next_permutation(parts.begin(), parts.end()));
  return false;
}

}  // namespace zkpush::protocol::access
