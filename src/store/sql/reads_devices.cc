// Devices as the registry caches them (each with its properties, settings
// and stamps, from one snapshot): every one, or one by id or serial number;
// and the server-wide settings.

#include <algorithm>
#include <map>
#include <string>

#include "store/sql/read_rows.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

Status decode_device(const Statement& st, DeviceRow& d) {
  d.id = st.int64(0);
  d.sn = st.string(1);
  d.first_seen = st.int64(2);
  d.last_seen = st.int64(3);
  d.ip = st.string(4);
  d.user_agent = st.string(5);
  d.push_version = st.string(6);
  d.language = st.string(7);
  d.device_type = st.string(8);
  d.push_comm_key = st.string(9);
  d.registered = st.int64(10) != 0;
  d.last_handshake = st.int64(11);
  d.name = st.string(12);
  if (!st.is_null(13)) d.group_id = st.int64(13);
  auto admission = admission_state_from_name(st.text(14));
  if (!admission) return Error::storage("device " + d.sn + ": unknown admission state '" + st.string(14) + "'");
  d.admission = *admission;
  d.admission_policy = admission_policy_from_name(st.text(15));  // '' (the server's policy) is nullopt
  return Status::success();
}

// `sql` selects (device_id, key, value) rows (?1: the filter's value); each
// lands in the map `member` picks from the device it belongs to (devices are
// sorted by id).
template <typename Member>
Status load_maps(Connection& db, const std::string& sql, const DeviceFilter& filter,
                 std::vector<DeviceRow>& devices, Member member) {
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  filter.bind(*st);
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return Status::success();
    const DeviceId id = st->int64(0);
    auto it = std::lower_bound(devices.begin(), devices.end(), id,
                               [](const DeviceRow& d, DeviceId v) { return d.id < v; });
    if (it == devices.end() || it->id != id) continue;  // impossible with foreign keys on
    ((*it).*member).emplace(st->string(1), st->string(2));
  }
}

}  // namespace

void DeviceFilter::bind(Statement& st) const {
  if (id) st.bind_int(1, *id);
  else if (sn) st.bind_text(1, *sn);
}

Result<std::vector<DeviceRow>> read_devices(Connection& db, const DeviceFilter& filter) {
  // The rows of the devices the filter picks, and of their maps.
  const std::string where = filter.id ? " WHERE id = ?1" : filter.sn ? " WHERE sn = ?1" : "";
  const std::string where_device = filter.id   ? " WHERE device_id = ?1"
                                   : filter.sn ? " WHERE device_id = (SELECT id FROM devices WHERE sn = ?1)"
                                               : "";
  ReadSnapshot snapshot(db);
  if (Status s = snapshot.begin(); !s) return s.error();
  Result<Statement> st = db.prepare(
      "SELECT id, sn, first_seen, last_seen, ip, user_agent, push_version, language, device_type, "
      "push_comm_key, registered, last_handshake, name, group_id, admission, admission_policy FROM devices" +
      where + " ORDER BY id");
  if (!st) return st.error();
  filter.bind(*st);
  Result<std::vector<DeviceRow>> devices = collect_rows<DeviceRow>(*st, decode_device);
  if (!devices || devices->empty()) return devices;
  if (Status s = load_maps(db, "SELECT device_id, key, value FROM device_properties" + where_device, filter,
                           *devices, &DeviceRow::properties);
      !s) {
    return s.error();
  }
  if (Status s = load_maps(db, "SELECT device_id, key, value FROM device_settings" + where_device, filter,
                           *devices, &DeviceRow::settings);
      !s) {
    return s.error();
  }
  if (Status s = load_maps(db, "SELECT device_id, table_name, stamp FROM device_stamps" + where_device, filter,
                           *devices, &DeviceRow::stamps);
      !s) {
    return s.error();
  }
  return devices;
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
