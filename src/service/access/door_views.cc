#include "service/access/door_views.h"

#include "protocol/access/event_codes.h"
#include "protocol/access/realtime.h"
#include "protocol/text.h"

namespace zkpush::service::access {

namespace pa = protocol::access;
using nlohmann::json;

json access_event_json(std::string_view sn, const pa::AccessEventRecord& r) {
  return json{{"sn", sn},
              {"time", r.time},
              {"time_valid", r.time_valid},
              {"pin", r.pin},
              {"card_no", r.card_no},
              {"event", r.event},
              {"name", pa::event_name(r.event)},
              {"class", pa::event_class_name(pa::classify_event(r.event, r.pin))},
              {"door", r.door},
              {"in_out", r.in_out},
              {"verify", r.verify},
              {"index", r.index ? json(*r.index) : json(nullptr)}};
}

int door_count(const Device& device) {
  auto count = protocol::parse_int(device.property("LockCount"));
  return count && *count >= 1 && *count <= 16 ? static_cast<int>(*count) : 1;
}

json door_states_json(const pa::DoorStateRecord& state, int doors) {
  json list = json::array();
  for (const auto& door : pa::decode_door_states(state, doors)) {
    json alarms = json::array();
    for (auto name : pa::alarm_names(door.alarm)) alarms.push_back(name);
    list.push_back({{"door", door.door},
                    {"sensor", pa::sensor_name(door.sensor)},
                    {"unlocked", door.unlocked ? json(*door.unlocked) : json(nullptr)},
                    {"alarms", std::move(alarms)}});
  }
  return list;
}

}  // namespace zkpush::service::access
