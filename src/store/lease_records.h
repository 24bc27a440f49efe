// Leases: work that one node of a cluster does at a time (delivering
// webhooks, judging devices online or offline) is done by the holder of its
// lease. A holder renews it well before it expires; a node that dies stops
// renewing, and another takes the lease once it has expired. store.h
// includes this file.
#pragma once

#include <string>

#include "store/ids.h"

namespace zkpush::store {

// Takes the lease `name` for `holder` until now + ttl_ms, or renews it: only
// when it is free, expired, or already this holder's. Writers are serialized
// (store.h), so two nodes never both get it.
struct ClaimLease {
  std::string name, holder;
  TimeMs now = 0, ttl_ms = 0;
  bool held = false;  // out
};
// Gives the lease back (at shutdown), so a successor need not wait for it to
// expire; only this holder's.
struct ReleaseLease {
  std::string name, holder;
};

}  // namespace zkpush::store
