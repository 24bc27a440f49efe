// DeviceService: an administrator's changes to devices, the server-wide
// settings and device groups (device_service.h).

#include "service/device_service.h"
#include "util/clock.h"

namespace zkpush::service {

void DeviceService::set_label(const std::shared_ptr<Device>& device, store::SetDeviceLabel label, WriteDone done) {
  store::WriteBatch batch;
  batch.add(label);
  store_.submit(std::move(batch), [this, device, label, done = std::move(done)](Status s, store::WriteBatch&) {
    if (s) {
      device->apply_label(label);
      sync_.reconcile(device->id());  // a new group brings its people
    }
    done(s);
  });
}

void DeviceService::set_settings(const std::shared_ptr<Device>& device, std::map<std::string, std::string> values,
                                 WriteDone done) {
  store::WriteBatch batch;
  batch.add(store::SetDeviceSettings{device->id(), values});
  store_.submit(std::move(batch), [device, values, done = std::move(done)](Status s, store::WriteBatch&) {
    if (s) device->apply_settings(values);
    done(s);
  });
}

void DeviceService::set_server_settings(std::map<std::string, std::string> values, WriteDone done) {
  store::WriteBatch batch;
  batch.add(store::SetServerSettings{values});
  store_.submit(std::move(batch), [this, values, done = std::move(done)](Status s, store::WriteBatch&) {
    if (s) config_.server_settings->apply(values);
    done(s);
  });
}

void DeviceService::save_group(int64_t id, std::string name, bool propagate_enrolments,
                               std::function<void(Result<std::optional<store::GroupRow>>)> done) {
  store::WriteBatch batch;
  batch.add(store::SaveGroup{id, std::move(name), propagate_enrolments, now_ms(), true});
  store_.submit(std::move(batch), [done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s) return done(s.error());
    const auto& saved = std::get<store::SaveGroup>(b.ops.front());
    if (!saved.found) return done(std::optional<store::GroupRow>());
    done(std::optional<store::GroupRow>(store::GroupRow{saved.id, saved.name, saved.propagate_enrolments, saved.now}));
  });
}

void DeviceService::delete_group(int64_t id, RowWriteDone done) {
  store::WriteBatch batch;
  batch.add(store::DeleteGroup{id, false});
  store_.submit(std::move(batch), [this, id, done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s || !std::get<store::DeleteGroup>(b.ops.front()).deleted) return done(s, false);
    forget_group(id);
    done(s, true);
  });
}

// The store's ON DELETE SET NULL took the group from its terminals there.
void DeviceService::forget_group(int64_t id) {
  std::vector<store::DeviceId> members;
  for (const auto& d : registry_.all()) {
    if (d->group_id() != id) continue;
    d->apply_label({d->id(), {}, std::optional<int64_t>()});
    members.push_back(d->id());
  }
  sync_.reconcile(members);
}

}  // namespace zkpush::service
