// Doors and their events as the API, the event feed and the console show them.
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/access/records.h"
#include "service/device.h"

namespace zkpush::service::access {

// An access event as the event feed, webhooks and the API show it: sn,
// time, time_valid, pin, card_no, event, name, class, door, in_out, verify,
// index (null when the event had none).
nlohmann::json access_event_json(std::string_view sn, const protocol::access::AccessEventRecord& event);

// The doors a device has: LockCount from its registration; a terminal
// without one has a single door (the SenseFace 2A of capture R20).
int door_count(const Device& device);

// [{"door": 1, "sensor": "open", "unlocked": false, "alarms": ["forced_open"]}, ...]
// for doors 1..`doors` of a door-state row.
nlohmann::json door_states_json(const protocol::access::DoorStateRecord& state, int doors);

}  // namespace zkpush::service::access
