// The sync engine: keeps each terminal's people equal to what is assigned to
// it (directly or through its device group). For a terminal it compares the
// persons assigned with what it was last sent (device_person_sync, by
// revision) and, in one batch, queues DATA UPDATE USERINFO plus the
// biometrics the terminal can take (template_formats.h) for every person new
// or changed since, DATA DELETE USERINFO for every person no longer assigned,
// and records what was sent. So a crash either keeps both the commands and
// the record, or neither; and a terminal that was offline gets everything
// once it polls again.
//
// Work runs on its own thread, one terminal at a time; requests for the same
// terminal are coalesced.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "service/device_registry.h"
#include "store/store.h"

namespace zkpush::service {

class PersonSync {
 public:
  PersonSync(store::Store& store, DeviceRegistry& registry);
  ~PersonSync();

  void start();
  void stop();

  // Brings these terminals up to date (asynchronously).
  void reconcile(store::DeviceId device);
  void reconcile(const std::vector<store::DeviceId>& devices);
  // The same after kSettle, for a terminal's new capabilities: they arrive
  // in pieces as it boots (its options, then INFO on its first poll), and
  // one reconcile covers them all. A reconcile() asked for meanwhile waits
  // with it (at most kSettle: the terminal polls for its commands anyway).
  void reconcile_soon(store::DeviceId device);
  static constexpr std::chrono::seconds kSettle{2};
  // Returns once everything asked for before the call is done, what waits
  // for kSettle at once (tests, shutdown).
  void flush();

  // One terminal, now, on the caller's thread; returns how many commands it queued.
  Result<int> reconcile_now(store::DeviceId device);

 private:
  void run();

  store::Store& store_;
  DeviceRegistry& registry_;
  std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::deque<store::DeviceId> queue_;
  // reconcile_soon's, due in this order (the delay is the same for all).
  std::deque<std::pair<std::chrono::steady_clock::time_point, store::DeviceId>> later_;
  std::set<store::DeviceId> queued_;  // in queue_ or later_
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zkpush::service
