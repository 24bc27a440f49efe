#include "service/device_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/store_failure.h"
#include "util/clock.h"

namespace zkpush::service {

Status DeviceRegistry::load() {
  auto rows = store_.load_devices();
  if (!rows) return rows.error();
  std::lock_guard lock(mu_);
  for (auto& row : *rows) {
    auto device = std::make_shared<Device>(std::move(row));
    by_sn_.emplace(device->sn(), device);
    by_id_.emplace(device->id(), device);
  }
  return Status::success();
}

std::shared_ptr<Device> DeviceRegistry::find(const std::string& sn) const {
  std::lock_guard lock(mu_);
  auto it = by_sn_.find(sn);
  return it == by_sn_.end() ? nullptr : it->second;
}

std::shared_ptr<Device> DeviceRegistry::find(store::DeviceId id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Device>> DeviceRegistry::all() const {
  std::vector<std::shared_ptr<Device>> out;
  {
    std::lock_guard lock(mu_);
    out.reserve(by_sn_.size());
    for (const auto& [sn, device] : by_sn_) out.push_back(device);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->sn() < b->sn(); });
  return out;
}

void DeviceRegistry::find_or_create(const std::string& sn, store::AdmissionState initial, DeviceCallback done) {
  std::shared_ptr<Device> known;
  bool first_waiter = false;
  {
    std::lock_guard lock(mu_);
    if (auto it = by_sn_.find(sn); it != by_sn_.end()) {
      known = it->second;
    } else {
      auto& waiters = creating_[sn];
      waiters.push_back(std::move(done));
      first_waiter = waiters.size() == 1;  // later waiters ride on the first creation
    }
  }
  if (known) {
    done(std::move(known));  // outside the lock: the callback may re-enter the registry
    return;
  }
  if (!first_waiter) return;

  const int64_t now = now_ms();
  store::WriteBatch batch;
  batch.add(store::CreateDevice{sn, now, 0, initial});
  store_.submit(std::move(batch), [this, sn, now, initial](Status status, store::WriteBatch& b) {
    std::vector<DeviceCallback> waiters;
    std::shared_ptr<Device> device;
    if (status) {
      store::DeviceRow row;
      row.id = std::get<store::CreateDevice>(b.ops[0]).id;
      row.sn = sn;
      row.first_seen = row.last_seen = now;
      row.admission = initial;
      device = std::make_shared<Device>(std::move(row));
      spdlog::info("device {} registered on first contact (id {}, {})", sn, device->id(),
                   store::admission_state_name(initial));
    } else {
      log_store_failure(status.error(), fmt::format("device {}: could not register", sn));
    }
    {
      std::lock_guard lock(mu_);
      if (device) {
        by_sn_.emplace(sn, device);
        by_id_.emplace(device->id(), device);
      }
      waiters = std::move(creating_[sn]);
      creating_.erase(sn);
    }
    for (auto& waiter : waiters) {
      if (device) waiter(device);
      else waiter(status.error());
    }
  });
}

void DeviceRegistry::flush_last_seen(std::function<void(Status)> done) {
  store::SetLastSeen seen;
  for (const auto& device : all()) {
    store::LastSeen entry;
    if (!device->take_unflushed(entry.at, entry.ip)) continue;
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
