#include "service/api_jwt.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "protocol/upload.h"
#include "util/crypto.h"

namespace zkpush::service {

namespace {

// base64url without padding (RFC 7515 §2).
std::string base64url(std::string_view bytes) {
  std::string text = protocol::encode_base64(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '+' || c == '/' || c == '=') return std::nullopt;
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  while (standard.size() % 4 != 0) standard += '=';
  auto bytes = protocol::decode_base64(standard);
  if (!bytes) return std::nullopt;
  return std::move(*bytes);
}

const std::string& header_part() {
  static const std::string header = base64url(R"({"typ":"JWT","alg":"HS256"})");
  return header;
}

}  // namespace

std::string sign_jwt(const JwtClaims& claims, std::string_view key) {
  const nlohmann::json payload{{"user_id", claims.user_id},
                               {"username", claims.username},
                               {"exp", claims.expires_at},
                               {"email", ""},
                               {"orig_iat", claims.issued_at_ms / 1000},
                               {"iat_ms", claims.issued_at_ms}};
  std::string signed_part = header_part() + "." + base64url(payload.dump());
  const std::string signature = base64url(hmac_sha256(key, signed_part));
  return signed_part + "." + signature;
}

std::optional<JwtClaims> verify_jwt(std::string_view token, std::string_view key) {
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  const std::string_view signed_part = token.substr(0, last);
  const std::string expected = base64url(hmac_sha256(key, signed_part));
  const std::string_view given = token.substr(last + 1);
  if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0)
    return std::nullopt;
  // Signed by us, so the header is ours; the payload is still read with care.
  auto payload_text = from_base64url(token.substr(first + 1, last - first - 1));
  if (!payload_text) return std::nullopt;
  const nlohmann::json payload = nlohmann::json::parse(*payload_text, nullptr, false);
  if (!payload.is_object()) return std::nullopt;
  JwtClaims claims;
  const auto user_id = payload.find("user_id");
  const auto username = payload.find("username");
  const auto exp = payload.find("exp");
  const auto iat = payload.find("iat_ms");
  if (user_id == payload.end() || !user_id->is_number_integer() || username == payload.end() ||
      !username->is_string() || exp == payload.end() || !exp->is_number_integer() || iat == payload.end() ||
      !iat->is_number_integer())
    return std::nullopt;
  claims.user_id = user_id->get<int64_t>();
  claims.username = username->get<std::string>();
  claims.expires_at = exp->get<int64_t>();
  claims.issued_at_ms = iat->get<int64_t>();
  return claims;
}

}  // namespace zkpush::service
