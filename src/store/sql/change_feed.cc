#include "store/sql/change_feed.h"

namespace zkpush::store::sql {

void ChangeFeed::watch(Listener listener) {
  std::lock_guard lock(mu_);
  listener_ = std::move(listener);
}

void ChangeFeed::deliver(const std::vector<Change>& changes) {
  Listener listener;
  {
    std::lock_guard lock(mu_);
    listener = listener_;
  }
  if (listener && !changes.empty()) listener(changes);
}

}  // namespace zkpush::store::sql
