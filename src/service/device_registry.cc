#include "service/device_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/store_failure.h"
#include "util/clock.h"

namespace zkpush::service {

Status DeviceRegistry::load() {
  auto rows = store_.load_devices();
  if (!rows) return rows.error();
  for (auto& row : *rows) adopt(std::move(row))->note_commands_waiting();
  return Status::success();
}

void DeviceRegistry::on_changes(const std::vector<store::Change>& changes) {
  std::vector<store::DeviceId> created;
  {
    std::lock_guard lock(mu_);
    for (const store::Change& change : changes) note(change, created);
  }
  // One read each: a list of ids (IN or ANY) was planned badly on PostgreSQL
  // (37 ms a read) when its cached generic plan was made while the tables
  // were small, as they are while a fleet registers. One that is not read
  // stays announced (created_elsewhere_): its request reads it.
  for (store::DeviceId id : created) {
    auto row = store_.device(id);
    if (!row) return log_store_failure(row.error(), "cannot read a device registered elsewhere");
    if (*row) adopt(std::move(**row));
  }
}

void DeviceRegistry::note(const store::Change& change, std::vector<store::DeviceId>& created) {
  using Kind = store::Change::Kind;
  switch (change.kind) {
    case Kind::kDevice:
      if (change.here) break;  // the write's own callback updated the cached device
      if (auto it = by_id_.find(change.device); it != by_id_.end()) it->second->mark_stale();
      else unknown_changed_.insert(change.device);
      break;
    case Kind::kCreated:
      if (change.here || by_id_.count(change.device)) break;
      created_elsewhere_.insert(change.sn);
      created.push_back(change.device);
      break;
    case Kind::kProperties:
      if (change.here) break;
      if (auto it = by_id_.find(change.device); it != by_id_.end()) it->second->mark_properties_stale();
      else unknown_changed_.insert(change.device);
      break;
    case Kind::kCommands:
      if (auto it = by_id_.find(change.device); it != by_id_.end())
        it->second->note_commands_waiting();
      else
        unknown_with_commands_.insert(change.device);
      break;
    case Kind::kResync:
      for (auto& [id, device] : by_id_) {
        device->mark_stale();
        device->note_commands_waiting();
      }
      reload_all_ = true;
      missed_changes_ = true;
      ++resyncs_;
      break;
    case Kind::kServerSettings:
    case Kind::kEvents:
    case Kind::kAccounts:
    case Kind::kWebhooks:
    case Kind::kDoorState:  // the access service's (service/access/)
      break;
  }
}

std::shared_ptr<Device> DeviceRegistry::adopt(store::DeviceRow row) {
  std::lock_guard lock(mu_);
  unknown_changed_.erase(row.id);
  created_elsewhere_.erase(row.sn);
  const bool heard_commands = unknown_with_commands_.erase(row.id) > 0;
  if (auto it = by_id_.find(row.id); it != by_id_.end()) {
    it->second->refresh(std::move(row));
    return it->second;
  }
  auto device = std::make_shared<Device>(std::move(row));
  // Commands may have been queued for it before this node met it: unless the
  // change feed has told this node of every command since it loaded the
  // devices, and of none for this one. (A device this node registered has
  // none; one loaded at start is checked by the command queue's load.)
  if (heard_commands || missed_changes_ || !store_.changes_complete()) device->note_commands_waiting();
  by_sn_.emplace(device->sn(), device);
  by_id_.emplace(device->id(), device);
  return device;
}

std::shared_ptr<Device> DeviceRegistry::fresh(std::shared_ptr<Device> device, Need need) {
  const bool stale = device->stale() || (need == Need::kAll && device->properties_stale());
  if (!stale && store_.changes_complete()) return device;
  refresh(device);
  return device;
}

void DeviceRegistry::fresh_properties(const std::shared_ptr<Device>& device) {
  if (device->properties_stale()) refresh(device);
}

void DeviceRegistry::refresh(const std::shared_ptr<Device>& device) {
  device->begin_refresh();
  auto row = store_.device(device->id());
  if (!row) {
    device->mark_stale();  // try again next time; meanwhile serve what we have
    log_store_failure(row.error(), fmt::format("device {}: cannot read it again", device->sn()));
    return;
  }
  if (*row) device->refresh(std::move(**row));
}

template <typename Map, typename Key>
std::shared_ptr<Device> DeviceRegistry::find_in(const Map& map, const Key& key, bool or_store, Need need) {
  std::shared_ptr<Device> cached;
  {
    std::lock_guard lock(mu_);
    if (auto it = map.find(key); it != map.end()) cached = it->second;
  }
  if (cached) return fresh(std::move(cached), need);
  if (!or_store) return nullptr;
  auto row = store_.device(key);
  if (!row || !*row) return nullptr;
  return adopt(std::move(**row));
}

std::shared_ptr<Device> DeviceRegistry::find(const std::string& sn) { return find_in(by_sn_, sn, true); }

std::shared_ptr<Device> DeviceRegistry::find(store::DeviceId id) { return find_in(by_id_, id, true); }

std::shared_ptr<Device> DeviceRegistry::cached(const std::string& sn) {
  std::lock_guard lock(mu_);
  auto it = by_sn_.find(sn);
  return it != by_sn_.end() ? it->second : nullptr;
}

std::shared_ptr<Device> DeviceRegistry::cached(store::DeviceId id) {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  return it != by_id_.end() ? it->second : nullptr;
}

std::shared_ptr<Device> DeviceRegistry::find_for_request(const std::string& sn) {
  if (auto device = find_in(by_sn_, sn, false, Need::kRow)) return device;
  {
    // Unknown here, and the change feed has told this node of every device
    // registered elsewhere since it loaded them, not of this one: a new
    // terminal, not worth a read. (Were it registered meanwhile after all,
    // its registration finds it on file and reads it.)
    std::lock_guard lock(mu_);
    if (!missed_changes_ && store_.changes_complete() && !created_elsewhere_.count(sn)) return nullptr;
  }
  return find_in(by_sn_, sn, true, Need::kRow);
}

void DeviceRegistry::catch_up() {
  bool reload_all = !store_.changes_complete();
  std::vector<store::DeviceId> unknown;
  uint64_t resyncs = 0;
  {
    std::lock_guard lock(mu_);
    reload_all = reload_all || reload_all_;
    resyncs = resyncs_;
    if (!reload_all) unknown.assign(unknown_changed_.begin(), unknown_changed_.end());
  }
  if (reload_all) {
    auto rows = store_.load_devices();
    if (!rows) return log_store_failure(rows.error(), "cannot read the devices");
    {
      std::lock_guard lock(mu_);
      reload_all_ = false;
    }
    for (auto& row : *rows) adopt(std::move(row));
    // Every device is cached now, those met meanwhile noted as maybe having
    // commands: unless the feed was interrupted again, none is left that
    // the feed has not told this node about.
    std::lock_guard lock(mu_);
    if (resyncs_ == resyncs && store_.changes_complete()) missed_changes_ = false;
    return;
  }
  for (store::DeviceId id : unknown) {
    auto row = store_.device(id);
    if (!row) return log_store_failure(row.error(), "cannot read a device created elsewhere");
    if (*row) adopt(std::move(**row));
    else {
      std::lock_guard lock(mu_);
      unknown_changed_.erase(id);
    }
  }
}

std::vector<std::shared_ptr<Device>> DeviceRegistry::all() {
  catch_up();
  std::vector<std::shared_ptr<Device>> out;
  {
    std::lock_guard lock(mu_);
    out.reserve(by_sn_.size());
    for (const auto& [sn, device] : by_sn_) out.push_back(device);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->sn() < b->sn(); });
  return out;
}

void DeviceRegistry::find_or_create(const std::string& sn, store::AdmissionState initial,
                                    std::optional<store::UpdateDeviceIdentity> identity, DeviceCallback done) {
  std::shared_ptr<Device> known = find_in(by_sn_, sn, false);
  bool first_waiter = false;
  if (!known) {
    std::lock_guard lock(mu_);
    auto& waiters = creating_[sn];
    waiters.push_back(std::move(done));
    first_waiter = waiters.size() == 1;  // later waiters ride on the first creation
  }
  if (known) {
    done(std::move(known));  // outside the lock: the callback may re-enter the registry
    return;
  }
  if (!first_waiter) return;

  const int64_t now = clock_.now_ms();
  store::WriteBatch batch;
  batch.add(store::CreateDevice{sn, now, 0, initial, false, std::move(identity)});
  store_.submit(std::move(batch), [this, sn, now, initial](Status status, store::WriteBatch& b) {
    std::shared_ptr<Device> device;
    if (status) {
      const auto& created = std::get<store::CreateDevice>(b.ops[0]);
      // A row this write made is known without reading it. One that was on
      // file (another node registered it first, maybe blocked it or bound it
      // to a key: a rare race) is read, so it serves no request as new.
      auto stored = created.created ? Result<std::optional<store::DeviceRow>>(std::nullopt) : store_.device(created.id);
      if (stored && *stored) {
        device = adopt(std::move(**stored));
      } else {
        store::DeviceRow row;
        row.id = created.id;
        row.sn = sn;
        row.first_seen = row.last_seen = now;
        row.admission = initial;
        device = adopt(std::move(row));
        if (created.created) {
          if (created.identity) device->apply_identity(*created.identity);
          device->note_registered_here();
        } else {
          device->mark_stale();
        }
      }
      spdlog::info("device {} registered on first contact (id {}, {})", sn, device->id(),
                   store::admission_state_name(device->admission()));
    } else {
      log_store_failure(status.error(), fmt::format("device {}: could not register", sn));
    }
    std::vector<DeviceCallback> waiters;
    {
      std::lock_guard lock(mu_);
      waiters = std::move(creating_[sn]);
      creating_.erase(sn);
    }
    for (auto& waiter : waiters) {
      if (device) waiter(device);
      else waiter(status.error());
    }
  });
}

void DeviceRegistry::flush_last_seen(int64_t now_ms, int64_t interval_ms, std::function<void(Status)> done) {
  store::SetLastSeen seen;
  std::vector<std::shared_ptr<Device>> devices;
  {
    std::lock_guard lock(mu_);
    devices.reserve(by_id_.size());
    for (const auto& [id, device] : by_id_) devices.push_back(device);
  }
  for (const auto& device : devices) {
    store::LastSeen entry;
    if (!device->take_unflushed(now_ms, interval_ms, entry.at, entry.ip)) continue;
    entry.device = device->id();
    seen.seen.push_back(std::move(entry));
  }
  if (seen.seen.empty()) {
    done(Status::success());
    return;
  }
  store::WriteBatch batch;
  batch.add(std::move(seen));
  store_.submit(std::move(batch), [done = std::move(done)](Status status, store::WriteBatch&) { done(status); });
}

}  // namespace zkpush::service
