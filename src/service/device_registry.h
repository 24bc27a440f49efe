// Every known terminal, in memory. A lookup never touches the disk; a serial
// number seen for the first time is registered in the store once, however many
// of its requests arrive concurrently. Whether it may be registered at all is
// the admission policy's call (service/admission.h), made before.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "service/device.h"
#include "store/store.h"

namespace zkpush::service {

class DeviceRegistry {
 public:
  explicit DeviceRegistry(store::Store& store) : store_(store) {}

  // Loads every stored device; call once before serving.
  Status load();

  using DeviceCallback = std::function<void(Result<std::shared_ptr<Device>>)>;
  // Calls back with the device, registering it first, in admission state
  // `initial`, if it is new.
  void find_or_create(const std::string& sn, store::AdmissionState initial, DeviceCallback done);

  std::shared_ptr<Device> find(const std::string& sn) const;
  std::shared_ptr<Device> find(store::DeviceId id) const;
  std::vector<std::shared_ptr<Device>> all() const;

  // Writes last_seen (and changed peer addresses) of devices seen since the
  // previous call, in one batch. Periodic, and once more at shutdown.
  void flush_last_seen(std::function<void(Status)> done);

 private:
  store::Store& store_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Device>> by_sn_;
  std::unordered_map<store::DeviceId, std::shared_ptr<Device>> by_id_;
  std::unordered_map<std::string, std::vector<DeviceCallback>> creating_;  // waiters per new SN
};

}  // namespace zkpush::service
