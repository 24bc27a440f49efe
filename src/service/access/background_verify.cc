#include "service/access/background_verify.h"

#include <nlohmann/json.hpp>

#include "protocol/access/door_commands.h"
#include "protocol/text.h"

namespace zkpush::service::access {

namespace {

constexpr const char* kWeekdays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
// How long a door the server opened stays unlocked (Door1Drivetime's default, CN24 App.10).
constexpr int kOpenSeconds = 5;

int minutes_of(const std::string& hhmm) {
  return hhmm.size() == 5 ? static_cast<int>(protocol::parse_int(hhmm.substr(0, 2)).value_or(0) * 60 +
                                             protocol::parse_int(hhmm.substr(3, 2)).value_or(0))
                          : -1;
}

}  // namespace

bool time_zone_open(const store::TimeZoneRow& zone, const std::vector<store::HolidayRow>& holidays,
                    const std::tm& local) {
  char today[11];
  std::strftime(today, sizeof today, "%Y-%m-%d", &local);
  std::string day = kWeekdays[local.tm_wday];
  for (const auto& h : holidays)
    if (h.date == today || (h.yearly && h.date.size() == 10 && h.date.substr(5) == std::string(today).substr(5)))
      day = "hol" + std::to_string(h.type);
  const auto schedule = nlohmann::json::parse(zone.schedule, nullptr, false);
  if (!schedule.is_object() || !schedule.contains(day) || !schedule[day].is_array()) return false;
  const int now = local.tm_hour * 60 + local.tm_min;
  for (const auto& interval : schedule[day]) {
    if (!interval.is_array() || interval.size() != 2 || !interval[0].is_string() || !interval[1].is_string()) continue;
    if (now >= minutes_of(interval[0].get<std::string>()) && now < minutes_of(interval[1].get<std::string>()))
      return true;
  }
  return false;
}

bool may_pass(const store::AccessRights& rights, int64_t person, store::DeviceId device, int door, const std::tm& local) {
  for (int64_t blocked : rights.blocked)
    if (blocked == person) return false;
  for (const auto& [holder, level_id] : rights.grants) {
    if (holder != person) continue;
    for (const auto& level : rights.levels) {
      if (level.id != level_id) continue;
      const bool has_door = std::any_of(level.doors.begin(), level.doors.end(),
                                        [&](const store::LevelDoor& d) { return d.device == device && d.door == door; });
      if (!has_door) continue;
      for (const auto& zone : rights.time_zones)
        if (zone.id == level.time_zone_id && time_zone_open(zone, rights.holidays, local)) return true;
    }
  }
  return false;
}

std::string verification_reply(bool pass, std::string_view record, int door) {
  std::string reply = std::string(pass ? "AUTH=SUCCEED" : "AUTH=FAILED") + "\r\n" + std::string(protocol::trim(record)) + "\r\n";
  if (pass)
    reply += protocol::access::control_device(protocol::access::DoorAction::kOpen, door, kOpenSeconds) + "\r\n";
  return reply;
}

}  // namespace zkpush::service::access
