#include "api/biotime/biotime_views.h"

#include "api/biotime/biotime_responses.h"
#include "protocol/record_time.h"
#include "protocol/text.h"

namespace zkpush::api {

using nlohmann::json;

namespace {

// BioTime's display names (docs/biotime-api.md, "Value sets").
std::string_view punch_state_name(int state) {
  switch (state) {
    case 0: return "Check In";
    case 1: return "Check Out";
    case 2: return "Break Out";
    case 3: return "Break In";
    case 4: return "Overtime In";
    case 5: return "Overtime Out";
    default: return "Unknown";
  }
}

std::string verify_type_name(int verify) {
  switch (verify) {
    case 0: return "Any";
    case 1: return "Fingerprint";
    case 3: return "Password";
    case 4: return "Card";
    case 15: return "Face";
    case 25: return "Palm";
    default: return "Other (" + std::to_string(verify) + ")";
  }
}

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

// A device's wall clock for a server time: its TimeZone option, else UTC.
std::string device_time(int64_t utc_ms, std::string_view time_zone) {
  return biotime_time(utc_ms, protocol::time_zone_minutes(time_zone).value_or(0));
}

std::string property(const store::DeviceRow& d, const char* key) {
  auto it = d.properties.find(key);
  return it == d.properties.end() ? std::string() : it->second;
}

json count_property(const store::DeviceRow& d, const char* key) {
  auto n = protocol::parse_int(property(d, key));
  return n ? json(*n) : json(nullptr);
}

}  // namespace

Result<GroupNames> read_group_names(store::Store& store) {
  auto groups = store.groups();
  if (!groups) return groups.error();
  GroupNames names;
  for (const auto& g : *groups) names[g.id] = g.name;
  return names;
}

json department_json() {
  return json{{"id", kDepartmentId}, {"dept_code", "1"}, {"dept_name", "Department"}, {"parent_dept", nullptr}};
}

json area_json(std::optional<int64_t> group_id, const GroupNames& groups) {
  auto it = group_id ? groups.find(*group_id) : groups.end();
  if (it == groups.end()) return json{{"id", 0}, {"area_code", "0"}, {"area_name", kNoGroupArea}};
  return json{{"id", it->first}, {"area_code", std::to_string(it->first)}, {"area_name", it->second}};
}

int biotime_punch_state(int status, std::string_view direction) {
  if (direction.empty()) return status;
  const bool status_says_in = status == 0 || status == 3 || status == 4;
  const bool status_says_out = status == 1 || status == 2 || status == 5;
  if ((direction == "in" && status_says_in) || (direction == "out" && status_says_out)) return status;
  return direction == "in" ? 0 : 1;
}

json transaction_json(const store::AttendanceRow& row, const TerminalLabel& terminal) {
  const auto& r = row.record;
  const int state = biotime_punch_state(r.status, row.direction);
  return json{{"id", row.id},
              {"emp", nullptr},
              {"emp_code", r.pin},
              {"first_name", text_or_null(row.person_name)},
              {"last_name", nullptr},
              {"department", nullptr},
              {"position", nullptr},
              {"punch_time", r.time},
              {"punch_state", std::to_string(state)},
              {"punch_state_display", punch_state_name(state)},
              {"verify_type", r.verify},
              {"verify_type_display", verify_type_name(r.verify)},
              {"work_code", r.workcode},
              {"gps_location", ""},
              {"area_alias", terminal.area},
              {"terminal_sn", row.sn},
              {"temperature", 0.0},
              {"is_mask", "-"},
              {"terminal_alias", terminal.alias},
              {"upload_time", device_time(row.received_at, row.time_zone)}};
}

json terminal_json(const store::DeviceRow& d, bool online, const GroupNames& groups) {
  const json area = area_json(d.group_id, groups);
  const std::string time_zone = d.settings.count("TimeZone") ? d.settings.at("TimeZone") : property(d, "TimeZone");
  return json{{"id", d.id},
              {"sn", d.sn},
              {"ip_address", d.ip},
              {"alias", d.name.empty() ? d.sn : d.name},
              {"terminal_name", nullptr},
              {"fw_ver", text_or_null(property(d, "FWVersion"))},
              {"push_ver", text_or_null(d.push_version)},
              {"state", online ? 1 : 0},
              {"terminal_tz", protocol::time_zone_minutes(time_zone).value_or(0) / 60},
              {"area", area},
              {"area_name", area["area_name"]},
              {"last_activity", d.last_seen > 0 ? json(device_time(d.last_seen, time_zone)) : json(nullptr)},
              {"user_count", count_property(d, "UserCount")},
              {"fp_count", count_property(d, "FPCount")},
              {"face_count", count_property(d, "FaceCount")},
              {"palm_count", count_property(d, "PvCount")},
              {"transaction_count", count_property(d, "TransactionCount")},
              {"push_time", nullptr},
              {"transfer_time", text_or_null(d.settings.count("TransTimes") ? d.settings.at("TransTimes") : "")},
              {"transfer_interval", nullptr},
              {"is_attendance", 1}};
}

json employee_json(const store::PersonRow& p, const std::vector<int64_t>& group_ids, const GroupNames& groups) {
  const store::PersonFields& f = p.fields;
  json areas = json::array();
  for (int64_t id : group_ids) areas.push_back(area_json(id, groups));
  return json{{"id", p.id},
              {"emp_code", p.pin},
              {"first_name", text_or_null(f.name)},
              {"last_name", nullptr},
              {"nickname", nullptr},
              {"format_name", f.name.empty() ? p.pin : p.pin + " " + f.name},
              {"full_name", f.name},
              {"photo", ""},
              {"card_no", text_or_null(f.card)},
              {"department", department_json()},
              {"position", nullptr},
              {"hire_date", nullptr},
              {"gender", text_or_null(f.gender)},
              {"birthday", nullptr},
              {"verify_mode", f.verify_mode.value_or(-1)},
              {"emp_type", nullptr},
              {"mobile", text_or_null(f.phone)},
              {"national", nullptr},
              {"address", nullptr},
              {"email", nullptr},
              {"ssn", text_or_null(f.id_number)},
              {"dev_privilege", f.privilege},
              {"attemployee",
               json{{"id", p.id}, {"enable_attendance", true}, {"enable_overtime", false},
                    {"enable_holiday", true}, {"enable_schedule", true}}},
              {"area", std::move(areas)},
              {"app_status", 0},
              {"app_role", 1},
              {"update_time", biotime_time(p.updated_at, 0)}};
}

}  // namespace zkpush::api
