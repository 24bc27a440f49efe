// Every known terminal, cached in memory: a cache of the store's devices,
// never their owner. A lookup is answered from memory while the cache is
// known to be true; a device another node changed (the change feed marks it
// stale), one this node has not met yet, and every device while the feed is
// interrupted are read from the store first. A serial number seen for the
// first time anywhere is registered in the store once, however many of its
// requests arrive concurrently; whether it may be registered at all is the
// admission policy's call (service/admission.h), made before.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "service/device.h"
#include "store/changes.h"
#include "store/store.h"
#include "util/clock.h"

namespace zkpush::service {

class DeviceRegistry {
 public:
  // `clock` times registrations (ServiceConfig::clock).
  explicit DeviceRegistry(store::Store& store, ServiceClock clock = {}) : store_(store), clock_(std::move(clock)) {}

  // Loads every stored device; call once before serving.
  Status load();
  // Changes committed by any node (Store::watch_changes). What they make
  // stale is read again by the next lookup. Devices registered by another
  // node are read here, so that their next request (usually at this node a
  // moment later) finds them cached and waits for no read. Any thread.
  void on_changes(const std::vector<store::Change>& changes);

  using DeviceCallback = std::function<void(Result<std::shared_ptr<Device>>)>;
  // Calls back with the device, registering it first, in admission state
  // `initial` and with the `identity` of the handshake that made it known
  // (if that was one), if it is new. Looks in memory only: callers have asked find()
  // (a serial number the store has but find() missed, registered meanwhile
  // by another node, is read when its registration finds it on file).
  void find_or_create(const std::string& sn, store::AdmissionState initial,
                      std::optional<store::UpdateDeviceIdentity> identity, DeviceCallback done);

  // nullptr: no such device (or it is unknown here and the store cannot be
  // read). When the store cannot be read, a cached device is served as it is.
  std::shared_ptr<Device> find(const std::string& sn);
  std::shared_ptr<Device> find(store::DeviceId id);
  // find(sn) for a terminal's request: its properties may be behind another
  // node's; whoever uses them asks fresh_properties() first. A serial number
  // surely new (see kCreated) gives nullptr without reading the store.
  std::shared_ptr<Device> find_for_request(const std::string& sn);
  // Reads the device again if another node stored new properties for it.
  void fresh_properties(const std::shared_ptr<Device>& device);
  // The cached device, as it is, without reading the store (the request log,
  // when another node saw it).
  std::shared_ptr<Device> cached(const std::string& sn);
  std::shared_ptr<Device> cached(store::DeviceId id);
  // Reads the device again now, whatever the cache believes (a handshake
  // answers with stamps, which no change announces).
  void refresh(const std::shared_ptr<Device>& device);
  // Every device, sorted by serial number; devices created or changed on
  // other nodes are read first.
  std::vector<std::shared_ptr<Device>> all();

  // Writes last_seen (and changed peer addresses) of devices seen since
  // their previous write, if that was at least `interval_ms` ago, in one
  // batch. Every tick, and once more at shutdown (interval 0).
  void flush_last_seen(int64_t now_ms, int64_t interval_ms, std::function<void(Status)> done);

 private:
  // Applies one change to the cache (mu_ held); a device registered by
  // another node and not cached goes to `created`, to be read.
  void note(const store::Change& change, std::vector<store::DeviceId>& created);
  // How much of a cached device a lookup needs true to the store.
  enum class Need { kAll, kRow };  // kRow: properties may lag (find_for_request)
  // The device under `key` in `map` (by_sn_ or by_id_), through fresh(); one
  // not cached is read from the store when `or_store`.
  template <typename Map, typename Key>
  std::shared_ptr<Device> find_in(const Map& map, const Key& key, bool or_store, Need need = Need::kAll);
  // `device`, read again first when what `need` asks is stale or the feed is
  // interrupted.
  std::shared_ptr<Device> fresh(std::shared_ptr<Device> device, Need need = Need::kAll);
  // The cached device for `row`, refreshed with it, or a new cache entry.
  std::shared_ptr<Device> adopt(store::DeviceRow row);
  // Reads what on_changes could not mark (devices not cached, a resync).
  void catch_up();

  store::Store& store_;
  const ServiceClock clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Device>> by_sn_;
  std::unordered_map<store::DeviceId, std::shared_ptr<Device>> by_id_;
  std::unordered_map<std::string, std::vector<DeviceCallback>> creating_;  // waiters per new SN
  std::unordered_set<store::DeviceId> unknown_changed_;  // changed elsewhere, not cached here
  std::unordered_set<store::DeviceId> unknown_with_commands_;  // commands queued for, not cached here
  std::unordered_set<std::string> created_elsewhere_;          // serial numbers registered elsewhere, not cached here
  bool reload_all_ = false;                              // a resync was heard
  // A resync was heard and not yet followed by a reload of every device:
  // commands queued for (or the registration of) devices not cached here may
  // have been missed.
  bool missed_changes_ = false;
  uint64_t resyncs_ = 0;  // resyncs heard
};

}  // namespace zkpush::service
