#include "api/access_right_bodies.h"

#include <nlohmann/json.hpp>

#include "protocol/access/table_commands.h"
#include "protocol/record_time.h"

namespace zkpush::api {

namespace {

using nlohmann::json;

Result<json> object_of(std::string_view body) {
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return Error::invalid("body: a JSON object is required");
  return parsed;
}

Result<std::string> name_of(const json& o) {
  if (!o.contains("name") || !o["name"].is_string() || o["name"].get<std::string>().empty())
    return Error::invalid("name: a non-empty string is required");
  return o["name"].get<std::string>();
}

Status check_schedule(const json& schedule) {
  static const std::vector<std::string> kDays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", "hol1", "hol2", "hol3"};
  if (!schedule.is_object()) return Error::invalid("schedule: an object of days (sun..sat, hol1..hol3)");
  for (const auto& [day, intervals] : schedule.items()) {
    if (std::find(kDays.begin(), kDays.end(), day) == kDays.end())
      return Error::invalid("schedule: unknown day " + day + " (sun..sat, hol1..hol3)");
    if (!intervals.is_array() || intervals.size() > 3)
      return Error::invalid("schedule." + day + ": at most three intervals [\"HH:MM\", \"HH:MM\"]");
    for (const auto& interval : intervals) {
      if (!interval.is_array() || interval.size() != 2 || !interval[0].is_string() || !interval[1].is_string() ||
          !protocol::access::timezone_slot(interval[0].get<std::string>(), interval[1].get<std::string>()))
        return Error::invalid("schedule." + day + ": an interval is [\"HH:MM\", \"HH:MM\"] with its start first");
    }
  }
  return Status::success();
}

}  // namespace

Result<store::TimeZoneRow> parse_time_zone_body(std::string_view body) {
  auto o = object_of(body);
  if (!o) return o.error();
  auto name = name_of(*o);
  if (!name) return name.error();
  if (!o->contains("schedule")) return Error::invalid("schedule: required");
  if (Status s = check_schedule((*o)["schedule"]); !s) return s.error();
  return store::TimeZoneRow{0, *name, (*o)["schedule"].dump()};
}

Result<store::HolidayRow> parse_holiday_body(std::string_view body) {
  auto o = object_of(body);
  if (!o) return o.error();
  store::HolidayRow h;
  const std::string date = o->value("date", std::string());
  if (date.size() != 10 || !protocol::is_record_time(date + " 00:00:00"))
    return Error::invalid("date: YYYY-MM-DD");
  h.date = date;
  h.type = o->contains("type") && (*o)["type"].is_number_integer() ? (*o)["type"].get<int>() : 1;
  if (h.type < 1 || h.type > 3) return Error::invalid("type: 1, 2 or 3 (the schedule hol1..hol3 that applies)");
  h.yearly = o->value("yearly", false);
  h.name = o->value("name", std::string());
  return h;
}

Result<LevelBody> parse_level_body(std::string_view body) {
  auto o = object_of(body);
  if (!o) return o.error();
  LevelBody out;
  auto name = name_of(*o);
  if (!name) return name.error();
  out.level.name = *name;
  if (!o->contains("time_zone_id") || !(*o)["time_zone_id"].is_number_integer())
    return Error::invalid("time_zone_id: a time zone's id is required");
  out.level.time_zone_id = (*o)["time_zone_id"].get<int64_t>();
  const json doors = o->value("doors", json::array());
  if (!doors.is_array()) return Error::invalid("doors: an array of {\"sn\", \"door\"}");
  for (const auto& d : doors) {
    if (!d.is_object() || !d.contains("sn") || !d["sn"].is_string() || !d.contains("door") ||
        !d["door"].is_number_integer() || d["door"].get<int>() < 1 || d["door"].get<int>() > 16)
      return Error::invalid("doors: each {\"sn\": \"<serial number>\", \"door\": 1-16}");
    out.serials.push_back(d["sn"].get<std::string>());
    out.level.doors.push_back({0, d["door"].get<int>()});
  }
  return out;
}

Result<PersonAccessBody> parse_person_access_body(std::string_view body) {
  auto o = object_of(body);
  if (!o) return o.error();
  PersonAccessBody out;
  if (o->contains("levels")) {
    const json& levels = (*o)["levels"];
    if (!levels.is_array()) return Error::invalid("levels: an array of access level ids");
    out.levels.emplace();
    for (const auto& id : levels) {
      if (!id.is_number_integer()) return Error::invalid("levels: an array of access level ids");
      out.levels->push_back(id.get<int64_t>());
    }
  }
  if (o->contains("blocked")) {
    if (!(*o)["blocked"].is_boolean()) return Error::invalid("blocked: true or false");
    out.blocked = (*o)["blocked"].get<bool>();
  }
  return out;
}

}  // namespace zkpush::api
