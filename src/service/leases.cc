#include "service/leases.h"

#include "service/store_failure.h"
#include "store/commit.h"

namespace zkpush::service {

std::string_view lease_name(LeaseName lease) {
  switch (lease) {
    case LeaseName::kWebhooks: return "webhooks";
    case LeaseName::kPresence: return "presence";
  }
  return "";
}

Leases::Leases(store::Store& store, const ServiceConfig& config) : store_(store), config_(config) {}

void Leases::tick(int64_t now) {
  for (LeaseName lease : kAllLeases) {
    Held& held = held_[static_cast<std::size_t>(lease)];
    const bool holding = held.trusted_until.load() > now;
    // A claim goes out when the lease is not held (every tick, until it is
    // free), or when its renewal is due.
    if (holding && now - held.claimed_at.load() < kRenewal.count()) continue;
    held.claimed_at.store(now);
    store::WriteBatch batch;
    batch.add(store::ClaimLease{std::string(lease_name(lease)), config_.node_name, now, kTerm.count(), false});
    store_.submit(std::move(batch), [&held, now](Status status, store::WriteBatch& b) {
      if (!status) {
        // Keep what we had: it runs out by itself if renewals keep failing.
        log_store_failure(status.error(), "cannot claim a lease");
        return;
      }
      const bool got = std::get<store::ClaimLease>(b.ops.front()).held;
      held.trusted_until.store(got ? now + (kTerm - kMargin).count() : 0);
    });
  }
}

bool Leases::holds(LeaseName lease) const {
  return held_[static_cast<std::size_t>(lease)].trusted_until.load() > config_.clock.now_ms();
}

void Leases::release_all() {
  store::WriteBatch batch;
  for (LeaseName lease : kAllLeases) {
    held_[static_cast<std::size_t>(lease)].trusted_until.store(0);
    batch.add(store::ReleaseLease{std::string(lease_name(lease)), config_.node_name});
  }
  if (Status s = store::commit_and_wait(store_, batch); !s) log_store_failure(s.error(), "cannot give leases back");
}

}  // namespace zkpush::service
