// API tokens and what they may do. A token is shown once, when created; the
// store keeps only its SHA-256. Every API request is checked against an
// in-memory copy of the live tokens, which follows tokens created by another
// process (`zkpush token ...` beside a running server) at their first use and
// revocations within a few seconds.
#pragma once

#include <atomic>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.h"

namespace zkpush::service {

// Who is calling the API: a token, or a person signed in to the console
// (service/accounts.h), who acts with their role's scope.
struct Principal {
  int64_t token_id = 0;
  int64_t account_id = 0;
  std::string name;
  store::Scope scope = store::Scope::kRead;
  bool allows(store::Scope needed) const { return scope >= needed; }
  // Who a change is recorded as (persons.updated_by, sync sources):
  // "user:<account>" for a console account, "api:<token name>" for a token.
  std::string change_source() const { return (account_id ? "user:" : "api:") + name; }
};

struct NewToken {
  int64_t id = 0;
  std::string token;  // "zkp_" and 48 hex digits; shown once
};

class TokenRegistry {
 public:
  explicit TokenRegistry(store::Store& store) : store_(store) {}

  // Reads the live tokens; called at start-up, when a token is not known
  // (created elsewhere; at most every 50 ms) and by tick().
  Status load();
  // The caller behind `token`, or nullopt when it is unknown or revoked.
  std::optional<Principal> authenticate(std::string_view token);
  // Re-reads the tokens when the copy is older than a few seconds, so a
  // revocation made by another process takes effect.
  void tick(int64_t now_ms);
  bool has_live_tokens() const;

  // Blocking; for the CLI and the API.
  static Result<NewToken> create(store::Store& store, std::string name, store::Scope scope);
  // False when there is no live token with this id.
  static Result<bool> revoke(store::Store& store, int64_t id);

 private:
  store::Store& store_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, store::TokenRow> live_;  // by token hash
  std::atomic<int64_t> loaded_at_ms_{0};       // the last reload, for tick()
  std::atomic<int64_t> miss_reload_at_ms_{0};  // the last reload for an unknown token
};

}  // namespace zkpush::service
