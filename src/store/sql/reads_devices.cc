// Devices as the registry caches them (each with its properties, settings
// and stamps, from one snapshot): every one, or one by id or serial number;
// and the server-wide settings.

#include <map>
#include <string>

#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

// The columns of read_devices' statement: which part a row is ('a': the
// device's own row, first; 'p', 's', 't': a property, setting or stamp), the
// device, a map row's key and value, then the device row's fields.
constexpr const char* kDeviceColumns =
    "sn, first_seen, last_seen, ip, user_agent, push_version, language, device_type, push_comm_key, registered, "
    "last_handshake, name, group_id, admission, admission_policy, registry_code, session_id, punch_direction";
constexpr const char* kNoDeviceColumns =
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";
enum Column { kPart = 0, kDevice, kKey, kValue, kSn };

Status decode_device(const Statement& st, DeviceRow& d) {
  d.id = st.int64(kDevice);
  d.sn = st.string(kSn);
  d.first_seen = st.int64(kSn + 1);
  d.last_seen = st.int64(kSn + 2);
  d.ip = st.string(kSn + 3);
  d.user_agent = st.string(kSn + 4);
  d.push_version = st.string(kSn + 5);
  d.language = st.string(kSn + 6);
  d.device_type = st.string(kSn + 7);
  d.push_comm_key = st.string(kSn + 8);
  d.registered = st.int64(kSn + 9) != 0;
  d.last_handshake = st.int64(kSn + 10);
  d.name = st.string(kSn + 11);
  if (!st.is_null(kSn + 12)) d.group_id = st.int64(kSn + 12);
  auto admission = admission_state_from_name(st.text(kSn + 13));
  if (!admission) {
    return Error::storage("device " + d.sn + ": unknown admission state '" + st.string(kSn + 13) + "'");
  }
  d.admission = *admission;
  d.admission_policy = admission_policy_from_name(st.text(kSn + 14));  // '' (the server's policy) is nullopt
  d.registry_code = st.string(kSn + 15);
  d.session_id = st.string(kSn + 16);
  d.punch_direction = st.string(kSn + 17);
  return Status::success();
}

}  // namespace

void DeviceFilter::bind(Statement& st) const {
  if (id) st.bind_int(1, *id);
  else if (sn) st.bind_text(1, *sn);
}

// One statement, so one snapshot and, on PostgreSQL, one round trip: the
// registry reads a device whenever another node changed it.
Result<std::vector<DeviceRow>> read_devices(Connection& db, const DeviceFilter& filter) {
  const std::string where = filter.id ? " WHERE id = ?1" : filter.sn ? " WHERE sn = ?1" : "";
  const std::string where_device = filter.id   ? " WHERE device_id = ?1"
                                   : filter.sn ? " WHERE device_id = (SELECT id FROM devices WHERE sn = ?1)"
                                               : "";
  auto map_part = [&](const char* part, const char* table, const char* key) {
    return std::string(" UNION ALL SELECT '") + part + "', device_id, " + key + ", value, " + kNoDeviceColumns +
           " FROM " + table + where_device;
  };
  std::string sql = std::string("SELECT 'a', id, NULL, NULL, ") + kDeviceColumns + " FROM devices" + where;
  sql += map_part("p", "device_properties", "key");
  sql += map_part("s", "device_settings", "key");
  sql += std::string(" UNION ALL SELECT 't', device_id, table_name, stamp, ") + kNoDeviceColumns +
         " FROM device_stamps" + where_device;
  sql += " ORDER BY 2, 1";
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  filter.bind(*st);
  std::vector<DeviceRow> devices;
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return devices;
    const char part = st->text(kPart).empty() ? '?' : st->text(kPart)[0];
    if (part == 'a') {
      if (Status s = decode_device(*st, devices.emplace_back()); !s) return s.error();
      continue;
    }
    // A map row follows its device's row (ORDER BY device, part).
    if (devices.empty() || devices.back().id != st->int64(kDevice)) continue;
    DeviceRow& d = devices.back();
    auto& map = part == 'p' ? d.properties : part == 's' ? d.settings : d.stamps;
    map.emplace(st->string(kKey), st->string(kValue));
  }
}

// The server-wide handshake options set through the API (the defaults
// under each device's own settings).
Result<std::map<std::string, std::string>> read_server_settings(Connection& db) {
  Result<Statement> st = db.prepare("SELECT key, value FROM server_settings");
  if (!st) return st.error();
  std::map<std::string, std::string> out;
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return out;
    out.emplace(st->string(0), st->string(1));
  }
}

Result<std::vector<LastSeen>> read_seen_since(Connection& db, TimeMs since) {
  Result<Statement> st = db.prepare("SELECT id, last_seen, ip FROM devices WHERE last_seen > ?1");
  if (!st) return st.error();
  st->bind_int(1, since);
  std::vector<LastSeen> seen;
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return seen;
    seen.push_back(LastSeen{st->int64(0), st->int64(1), st->string(2)});
  }
}

}  // namespace zkpush::store::sql
