// The access sync engine: keeps each panel's tables equal to what the access
// rights give it (panel_tables.h). For a panel it compares the rows it must
// hold with what it was sent (panel_rows, by a hash of each row) and, in one
// batch, queues DATA DELETE for rows it no longer must hold (a person's
// rights first, the person last: CN24 §12.1.2) and DATA UPDATE for rows new
// or changed (a time zone before the rights that name it), one row per
// command, and records what was sent. One row, although the documents allow
// several per command (CN24 §12.1.1): what every sample server sends, a
// panel's Return then speaks for one row, and a command stays one line
// (protocol/format.h: a line break inside a command would end it). A crash keeps both the commands and
// the record, or neither; an offline panel gets everything when it polls.
// Two nodes syncing one panel at once: the later write is refused
// (SyncPanelRows' version) and that node reads again.
//
// Work runs on its own thread; the panels asked for meanwhile are done
// together, reading the rights and the persons once.
#pragma once

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "service/access/panel_tables.h"
#include "service/device_registry.h"
#include "store/store.h"

namespace zkpush::service::access {

class AccessSync {
 public:
  AccessSync(store::Store& store, DeviceRegistry& registry);
  ~AccessSync();

  void start();
  void stop();
  // Brings these panels up to date (asynchronously); every access panel.
  void reconcile(store::DeviceId panel);
  void reconcile_all();
  // Returns once everything asked for before the call is done.
  void flush();

  // Now, on the caller's thread: how many commands were queued.
  Result<int> reconcile_now(const std::vector<store::DeviceId>& panels);

 private:
  void run();
  Result<int> sync_panel(const Device& panel, const store::AccessRights& rights,
                         const std::vector<GrantedPerson>& persons);

  store::Store& store_;
  DeviceRegistry& registry_;
  std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::set<store::DeviceId> pending_;  // guarded by mu_
  bool all_ = false, busy_ = false, stopping_ = false;
  std::thread thread_;
};

}  // namespace zkpush::service::access
