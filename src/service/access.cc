#include "service/access.h"

#include <mutex>

#include "store/commit.h"
#include "util/clock.h"
#include "util/crypto.h"

namespace zkpush::service {

namespace {

constexpr std::string_view kTokenPrefix = "zkp_";
constexpr std::size_t kTokenRandomBytes = 24;
constexpr std::size_t kShownPrefixLength = 8;
constexpr int64_t kMissReloadMs = 50;  // a token unknown here: re-read at most this often (bounds a flood of bad tokens)
constexpr int64_t kPeriodicReloadMs = 5000;

}  // namespace

Status TokenRegistry::load() {
  auto rows = store_.tokens();
  if (!rows) return rows.error();
  std::unordered_map<std::string, store::TokenRow> live;
  for (auto& row : *rows)
    if (!row.revoked_at) live.emplace(row.token_hash, std::move(row));
  std::unique_lock lock(mutex_);
  live_ = std::move(live);
  loaded_at_ms_ = now_ms();
  return Status::success();
}

std::optional<Principal> TokenRegistry::authenticate(std::string_view token) {
  if (token.size() < kTokenPrefix.size() || token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return std::nullopt;
  const std::string hash = sha256_hex(token);
  auto lookup = [&]() -> std::optional<Principal> {
    std::shared_lock lock(mutex_);
    auto it = live_.find(hash);
    if (it == live_.end()) return std::nullopt;
    return Principal{it->second.id, 0, it->second.name, it->second.scope};
  };
  if (auto p = lookup()) return p;
  const int64_t now = now_ms();
  if (now - miss_reload_at_ms_ < kMissReloadMs) return std::nullopt;
  miss_reload_at_ms_ = now;
  if (!load()) return std::nullopt;
  return lookup();
}

void TokenRegistry::tick(int64_t now) {
  if (now - loaded_at_ms_ >= kPeriodicReloadMs) (void)load();
}

bool TokenRegistry::has_live_tokens() const {
  std::shared_lock lock(mutex_);
  return !live_.empty();
}

Result<NewToken> TokenRegistry::create(store::Store& store, std::string name, store::Scope scope) {
  NewToken created;
  created.token = std::string(kTokenPrefix) + random_hex(kTokenRandomBytes);
  store::WriteBatch batch;
  batch.add(store::CreateToken{std::move(name), scope, sha256_hex(created.token),
                               created.token.substr(0, kShownPrefixLength), now_ms(), 0});
  if (Status s = store::commit_and_wait(store, batch); !s) return s.error();
  created.id = std::get<store::CreateToken>(batch.ops.front()).id;
  return created;
}

Result<bool> TokenRegistry::revoke(store::Store& store, int64_t id) {
  store::WriteBatch batch;
  batch.add(store::RevokeToken{id, now_ms(), false});
  if (Status s = store::commit_and_wait(store, batch); !s) return s.error();
  return std::get<store::RevokeToken>(batch.ops.front()).revoked;
}

}  // namespace zkpush::service
