// Doors as the API, the event feed and the console show them.
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/access/records.h"
#include "service/device.h"

namespace zkpush::service::access {

// The doors a device has: LockCount from its registration; a terminal
// without one has a single door (the SenseFace 2A of capture R20).
int door_count(const Device& device);

// [{"door": 1, "sensor": "open", "unlocked": false, "alarms": ["forced_open"]}, ...]
// for doors 1..`doors` of a door-state row.
nlohmann::json door_states_json(const protocol::access::DoorStateRecord& state, int doors);

}  // namespace zkpush::service::access
