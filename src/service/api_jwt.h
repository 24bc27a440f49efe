// The JSON Web Tokens of BioTime's `POST /jwt-api-token-auth/`
// (docs/biotime-api.md): HS256 (RFC 7519), the claims
// djangorestframework-jwt issues (user_id, username, exp, orig_iat), so a
// client that reads `exp` to sign in again before it runs out (pybiotime
// does) finds it. The key is the cluster's, kept in the database
// (server_secrets, AccountService::jwt_key).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zkpush::service {

struct JwtClaims {
  int64_t user_id = 0;
  std::string username;
  int64_t issued_at_ms = 0;  // Unix milliseconds: orig_iat in seconds, and iat_ms (a password
                             // changed after it ends the token, to the millisecond)
  int64_t expires_at = 0;    // exp, Unix seconds
};

std::string sign_jwt(const JwtClaims& claims, std::string_view key);
// The claims of a token whose signature `key` made; nullopt for anything
// else (malformed, another algorithm, a wrong signature). Expiry is the
// caller's to check.
std::optional<JwtClaims> verify_jwt(std::string_view token, std::string_view key);

}  // namespace zkpush::service
