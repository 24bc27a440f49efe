// The leases this node holds (store/lease_records.h): background work that
// must run once across a cluster runs where its lease is held. tick() claims
// or renews them once a second; holds() says whether this node may do the
// work now.
//
// A lease lasts kTerm in the store and is renewed every kRenewal. This node
// stops trusting a lease kMargin before the store's term ends, so a node cut
// off from the database stops working before another can take over; a node
// that dies is replaced at most kTerm + one tick later.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "service/config.h"
#include "store/store.h"

namespace zkpush::service {

enum class LeaseName { kWebhooks, kPresence };
inline constexpr std::array<LeaseName, 2> kAllLeases{LeaseName::kWebhooks, LeaseName::kPresence};
std::string_view lease_name(LeaseName lease);

class Leases {
 public:
  static constexpr std::chrono::milliseconds kTerm{20'000};
  static constexpr std::chrono::milliseconds kRenewal{5'000};
  static constexpr std::chrono::milliseconds kMargin{5'000};

  // `holder` names this node (ServiceConfig::node_name).
  Leases(store::Store& store, const ServiceConfig& config);

  // Claims the leases not held, renews those due. Once a second.
  void tick(int64_t now);
  // True while this node holds `lease` and its term has not run out. Any thread.
  bool holds(LeaseName lease) const;
  // Gives every lease back (shutdown), and waits for it to be committed.
  void release_all();

 private:
  struct Held {
    std::atomic<int64_t> trusted_until{0};  // 0: not held
    std::atomic<int64_t> claimed_at{0};     // when the last claim went out
  };

  store::Store& store_;
  const ServiceConfig& config_;
  std::array<Held, kAllLeases.size()> held_;
};

}  // namespace zkpush::service
