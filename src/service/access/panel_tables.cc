// Rows a panel must hold (see panel_tables.h).
#include "service/access/panel_tables.h"

#include <nlohmann/json.hpp>

#include "protocol/access/realtime.h"
#include "protocol/access/table_commands.h"
#include "protocol/text.h"

namespace zkpush::service::access {

namespace {

namespace pa = protocol::access;
using protocol::Fields;

// A row's key: its key fields joined by TAB, which no field value holds.
std::string key_of(std::initializer_list<std::string> parts) {
  std::string key;
  for (const auto& part : parts) key += (key.empty() ? "" : "\t") + part;
  return key;
}

// Day keys of a schedule and the field prefixes of the timezone table (CN24 §12.1.1-7).
constexpr std::pair<const char*, const char*> kDays[] = {
    {"sun", "Sun"}, {"mon", "Mon"}, {"tue", "Tue"}, {"wed", "Wed"}, {"thu", "Thu"},
    {"fri", "Fri"}, {"sat", "Sat"}, {"hol1", "Hol1"}, {"hol2", "Hol2"}, {"hol3", "Hol3"}};

Fields timezone_row(const store::TimeZoneRow& zone) {
  Fields row{{"TimezoneId", std::to_string(zone.id)}};
  const auto schedule = nlohmann::json::parse(zone.schedule, nullptr, false);
  for (const auto& [key, prefix] : kDays) {
    for (int slot = 0; slot < 3; ++slot) {
      int64_t value = 0;
      if (schedule.is_object() && schedule.contains(key) && schedule[key].is_array() &&
          slot < static_cast<int>(schedule[key].size())) {
        const auto& interval = schedule[key][static_cast<std::size_t>(slot)];
        if (interval.is_array() && interval.size() == 2 && interval[0].is_string() && interval[1].is_string())
          value = pa::timezone_slot(interval[0].get<std::string>(), interval[1].get<std::string>()).value_or(0);
      }
      row.emplace_back(std::string(prefix) + "Time" + std::to_string(slot + 1), std::to_string(value));
    }
  }
  return row;
}

Fields holiday_row(const store::HolidayRow& h) {
  std::string date;
  for (char c : h.date)
    if (protocol::is_digit(c)) date += c;
  return {{"Holiday", date}, {"HolidayType", std::to_string(h.type)}, {"Loop", h.yearly ? "1" : "2"}};
}

// A validity bound: App.5 seconds or YYYYMMDD; "0" for none.
std::string validity(const std::string& time, bool seconds) {
  if (time.empty()) return "0";
  if (seconds) {
    auto encoded = pa::encode_record_time(time.size() == 10 ? time + " 00:00:00" : time);
    return encoded ? std::to_string(*encoded) : "0";
  }
  std::string date;
  for (char c : time.substr(0, 10))
    if (protocol::is_digit(c)) date += c;
  return date.size() == 8 ? date : "0";
}

Fields user_row(const store::PersonRow& p, bool seconds) {
  const auto& f = p.fields;
  return {{"CardNo", f.card},
          {"Pin", p.pin},
          {"Password", f.password},
          {"Group", "0"},
          {"StartTime", validity(f.valid_from, seconds)},
          {"EndTime", validity(f.valid_to, seconds)},
          {"Name", f.name},
          {"Privilege", std::to_string(f.privilege)}};
}

// The biodata Type of a stored biometric (CN24 App.18); 0 when it is none the panel keeps.
int bio_type_of(const store::BiometricRow& b) {
  switch (b.kind) {
    case store::BiometricKind::kFingerprint: return 1;
    case store::BiometricKind::kFace: return 2;
    case store::BiometricKind::kFingerVein: return 7;
    case store::BiometricKind::kBiodata: return b.bio_type;
    default: return 0;
  }
}

void add_templates(const PanelProfile& panel, const GrantedPerson& g, PanelTables& out) {
  for (const auto& b : g.biometrics) {
    const int type = bio_type_of(b);
    if (type == 0) continue;
    if (!panel.bio_types.empty()) {
      if (!panel.bio_types.count(type)) continue;
      Fields row{{"Pin", g.person.pin},     {"No", std::to_string(b.no)},
                 {"Index", std::to_string(b.index)}, {"Valid", std::to_string(b.valid)},
                 {"Duress", std::to_string(b.duress)}, {"Type", std::to_string(type)},
                 {"MajorVer", b.algorithm.empty() ? "0" : b.algorithm}, {"MinorVer", b.minor_ver.empty() ? "0" : b.minor_ver},
                 {"Format", b.format.empty() ? "0" : b.format}, {"Tmp", b.data}};
      out["biodata"][key_of({g.person.pin, std::to_string(type), std::to_string(b.no)})] = std::move(row);
    } else if (type == 1 && (b.algorithm.empty() || b.algorithm == "10")) {
      // ZKFinger 10 as templatev10 (CN24 §12.1.1-8); a duress finger is Valid=3.
      out["templatev10"][key_of({g.person.pin, std::to_string(b.no)})] =
          Fields{{"Pin", g.person.pin}, {"FingerID", std::to_string(b.no)},
                 {"Valid", b.duress ? "3" : std::to_string(b.valid)}, {"Template", b.data}};
    }
  }
}

}  // namespace

PanelProfile panel_profile(const Device& device) {
  PanelProfile p;
  p.device = device.id();
  auto count = protocol::parse_int(device.property("LockCount"));
  p.doors = count && *count >= 1 && *count <= 16 ? static_cast<int>(*count) : 1;
  p.seconds_validity = device.property("DateFmtFunOn") == "1";
  const std::string types = device.property("MultiBioDataSupport");  // split below points into it
  const auto support = protocol::split(types, ':');
  for (std::size_t type = 0; type < support.size(); ++type)
    if (protocol::trim(support[type]) == "1") p.bio_types.insert(static_cast<int>(type));
  return p;
}

PanelTables panel_tables(const PanelProfile& panel, const store::AccessRights& rights,
                         const std::vector<GrantedPerson>& persons) {
  PanelTables out;
  // Per level on this panel: its time zone and the bitmap of its doors here.
  std::map<int64_t, std::pair<int64_t, int>> levels;  // level id -> (time zone id, door bits)
  for (const auto& level : rights.levels) {
    int bits = 0;
    for (const auto& door : level.doors)
      if (door.device == panel.device && door.door >= 1 && door.door <= panel.doors) bits |= 1 << (door.door - 1);
    if (bits != 0) levels[level.id] = {level.time_zone_id, bits};
  }
  std::set<int64_t> zones;
  for (const auto& [id, level] : levels) zones.insert(level.first);
  for (const auto& zone : rights.time_zones)
    if (zones.count(zone.id)) out["timezone"][std::to_string(zone.id)] = timezone_row(zone);
  if (!levels.empty())
    for (const auto& h : rights.holidays) out["holiday"][holiday_row(h)[0].second] = holiday_row(h);

  const std::set<int64_t> blocked(rights.blocked.begin(), rights.blocked.end());
  for (const auto& g : persons) {
    if (blocked.count(g.person.id)) continue;
    std::map<int64_t, int> doors_by_zone;
    for (const auto& [person, level] : rights.grants) {
      if (person != g.person.id) continue;
      auto it = levels.find(level);
      if (it != levels.end()) doors_by_zone[it->second.first] |= it->second.second;
    }
    if (doors_by_zone.empty()) continue;
    out["user"][g.person.pin] = user_row(g.person, panel.seconds_validity);
    for (const auto& [zone, bits] : doors_by_zone)
      out["userauthorize"][key_of({g.person.pin, std::to_string(zone)})] =
          Fields{{"Pin", g.person.pin}, {"AuthorizeTimezoneId", std::to_string(zone)},
                 {"AuthorizeDoorId", std::to_string(bits)}};
    add_templates(panel, g, out);
  }
  return out;
}

const std::vector<std::string>& panel_table_order() {
  static const std::vector<std::string> order = {"timezone", "holiday", "user", "templatev10", "biodata",
                                                 "userauthorize"};
  return order;
}

protocol::Fields delete_condition(const std::string& table, const std::string& key) {
  const auto parts = protocol::split(key, '\t');
  auto part = [&parts](std::size_t i) { return i < parts.size() ? std::string(parts[i]) : std::string(); };
  if (table == "timezone") return {{"TimezoneId", part(0)}};
  if (table == "user") return {{"Pin", part(0)}};
  if (table == "templatev10") return {{"Pin", part(0)}, {"FingerID", part(1)}};
  if (table == "biodata") return {{"Type", part(1)}, {"Pin", part(0)}, {"No", part(2)}};
  return {};  // holiday: only "DATA DELETE holiday *" exists (CN24 §12.1.2)
}

}  // namespace zkpush::service::access
