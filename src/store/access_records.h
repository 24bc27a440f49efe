// Rows and write operations of API access: tokens and the audit log of what
// they changed. store.h includes this file; the Store interface there reads
// and writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/ids.h"

namespace zkpush::store {

// Ordered: each scope includes the ones below it.
enum class Scope { kRead = 1, kWrite = 2, kAdmin = 3 };

struct TokenRow {
  int64_t id = 0;
  std::string name;
  Scope scope = Scope::kRead;
  std::string token_hash;  // SHA-256 of the token, hex
  std::string prefix;      // the token's first characters, for lists
  TimeMs created_at = 0;
  std::optional<TimeMs> revoked_at;
};

struct AuditRow {
  int64_t id = 0;
  TimeMs at = 0;
  std::optional<int64_t> token_id;
  std::optional<int64_t> account_id;  // a person signed in to the console (then token_id is empty)
  std::string token_name;             // who: the token's name, or the account's
  std::string method, path;
  int status = 0;
  std::string detail;  // the request body, secrets masked, truncated
};

struct CreateToken {
  std::string name;
  Scope scope = Scope::kRead;
  std::string token_hash, prefix;
  TimeMs now = 0;
  int64_t id = 0;  // out
};
struct RevokeToken {
  int64_t id = 0;
  TimeMs now = 0;
  bool revoked = false;  // out: false when no such live token
};
struct AppendAudit { AuditRow row; };

}  // namespace zkpush::store
