// Device registry writes: identity, registration, last seen, properties,
// settings, upload stamps and admission.

#include <nlohmann/json.hpp>
#include <string>

#include "protocol/route.h"
#include "store/sql/apply_ops.h"
#include "store/sql/row_batches.h"
#include "util/json_text.h"

namespace zkpush::store::sql {

namespace {

Status not_found_device(DeviceId id) {
  return Error::not_found("no device with id " + std::to_string(id));
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Properties and settings have the same shape: merge key by key. A key not in
// `values` is left alone; nothing is ever deleted here.
// `upsert` writes (device_id, key, value) rows with the device shared.
Status upsert_key_values(Connection& db, const RowBatches& upsert, DeviceId device,
                         const std::map<std::string, std::string>& values) {
  auto next = values.begin();  // rows are bound once each, in order
  return upsert.run_deferred(
      db, values.size(), [&](Statement& st) { st.bind_int(1, device); },
      [&](RowParameters& row, std::size_t) {
        row.bind_text(1, next->first);
        row.bind_text(2, next->second);
        ++next;
      });
}

Status upsert_stamp(Connection& db, DeviceId device, std::string_view table, std::string_view stamp) {
  Result<Statement> st = db.prepare(
      "INSERT INTO device_stamps (device_id, table_name, stamp) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (device_id, table_name) DO UPDATE SET stamp = excluded.stamp");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, table);
  st->bind_text(3, stamp);
  return st->run_deferred();
}

// Sets one text column (?2) of the device row ?1.
Status set_device_text(Connection& db, std::string_view sql, DeviceId device, std::string_view value) {
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, value);
  if (Status s = st->run(); !s) return s;
  return db.changes() == 0 ? not_found_device(device) : Status::success();
}

}  // namespace

// Idempotent: a serial number already on file gives its existing id. A new
// one is announced with a device.registered event.
Status apply(Connection& db, CreateDevice& op) {
  if (op.sn.empty()) return Error::invalid("empty serial number");
  // One statement for a new serial number; a known one returns no row.
  // Without a handshake the identity columns get their defaults ('' and 0).
  Result<Statement> st = db.prepare(
      "INSERT INTO devices (sn, first_seen, last_seen, admission, ip, user_agent, push_version, language, "
      "device_type, push_comm_key, last_handshake) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (sn) DO NOTHING RETURNING id");
  if (!st) return st.error();
  st->bind_text(1, op.sn);
  st->bind_int(2, op.now);
  st->bind_text(3, admission_state_name(op.admission));
  const UpdateDeviceIdentity identity = op.identity.value_or(UpdateDeviceIdentity{});
  st->bind_text(4, identity.ip);
  st->bind_text(5, identity.user_agent);
  st->bind_text(6, identity.push_version);
  st->bind_text(7, identity.language);
  st->bind_text(8, identity.device_type);
  st->bind_text(9, identity.push_comm_key);
  st->bind_int(10, identity.handshake_at);
  Result<bool> inserted = st->step();
  if (!inserted) return inserted.error();
  op.created = *inserted;
  if (!op.created) {
    Result<Statement> find = db.prepare("SELECT id FROM devices WHERE sn = ?1");
    if (!find) return find.error();
    find->bind_text(1, op.sn);
    Result<bool> found = find->step();
    if (!found) return found.error();
    if (!*found) return Error::storage("device " + op.sn + " neither inserted nor found");
    op.id = find->int64(0);
    return Status::success();
  }
  op.id = st->int64(0);
  if (Status s = st->run(); !s) return s;
  const std::string payload =
      json_text(nlohmann::json{{"sn", op.sn}, {"admission", admission_state_name(op.admission)}});
  return append_event(db, "device.registered", op.now, payload);
}

Status apply(Connection& db, UpdateDeviceIdentity& op) {
  Result<Statement> st = db.prepare(
      "UPDATE devices SET ip = coalesce(nullif(?2, ''), ip), "
      "user_agent = coalesce(nullif(?3, ''), user_agent), "
      "push_version = coalesce(nullif(?4, ''), push_version), "
      "language = coalesce(nullif(?5, ''), language), "
      "device_type = coalesce(nullif(?6, ''), device_type), "
      "push_comm_key = coalesce(nullif(?7, ''), push_comm_key), "
      "last_handshake = CASE WHEN CAST(?8 AS BIGINT) > 0 THEN ?8 ELSE last_handshake END "
      "WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_text(2, op.ip);
  st->bind_text(3, op.user_agent);
  st->bind_text(4, op.push_version);
  st->bind_text(5, op.language);
  st->bind_text(6, op.device_type);
  st->bind_text(7, op.push_comm_key);
  st->bind_int(8, op.handshake_at);
  if (Status s = st->run(); !s) return s;
  return db.changes() == 0 ? not_found_device(op.device) : Status::success();
}

Status apply(Connection& db, SetAccessSession& op) {
  Result<Statement> st =
      db.prepare("UPDATE devices SET registered = 1, registry_code = ?2, session_id = ?3 WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_text(2, op.registry_code);
  st->bind_text(3, op.session_id);
  if (Status s = st->run(); !s) return s;
  return db.changes() == 0 ? not_found_device(op.device) : Status::success();
}

// Never moves last_seen backwards; unknown devices are skipped (the registry
// batches these for many devices at once, one statement for up to 128).
Status apply(Connection& db, SetLastSeen& op) {
  static const RowBatches kUpdate(
      "UPDATE devices SET last_seen = CASE WHEN seen.column2 > devices.last_seen THEN seen.column2 "
      "ELSE devices.last_seen END, ip = coalesce(nullif(seen.column3, ''), devices.ip) FROM (VALUES ",
      "(CAST(@1 AS BIGINT), CAST(@2 AS BIGINT), @3)", 0, 3, ") AS seen WHERE devices.id = seen.column1");
  return kUpdate.run_deferred(
      db, op.seen.size(), [](Statement&) {},
      [&](RowParameters& row, std::size_t i) {
        row.bind_int(1, op.seen[i].device);
        row.bind_int(2, op.seen[i].at);
        row.bind_text(3, op.seen[i].ip);
      });
}

Status apply(Connection& db, SetDeviceProperties& op) {
  static const RowBatches kUpsert("INSERT INTO device_properties (device_id, key, value) VALUES ", "(?1, @1, @2)",
                                  1, 2, " ON CONFLICT (device_id, key) DO UPDATE SET value = excluded.value");
  return upsert_key_values(db, kUpsert, op.device, op.values);
}

Status apply(Connection& db, SetDeviceSettings& op) {
  static const RowBatches kUpsert("INSERT INTO device_settings (device_id, key, value) VALUES ", "(?1, @1, @2)", 1,
                                  2, " ON CONFLICT (device_id, key) DO UPDATE SET value = excluded.value");
  return upsert_key_values(db, kUpsert, op.device, op.values);
}

// "0" means "send everything" and only ResetStamps may write it; an empty
// stamp carries nothing. Both are ignored defensively.
Status apply(Connection& db, SetStamp& op) {
  if (op.stamp.empty() || op.stamp == "0") return Status::success();
  if (op.table.empty()) return Error::invalid("empty table name");
  return upsert_stamp(db, op.device, ascii_upper(op.table), op.stamp);
}

Status apply(Connection& db, ResetStamps& op) {
  Result<Statement> st = db.prepare("UPDATE device_stamps SET stamp = '0' WHERE device_id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  if (Status s = st->run(); !s) return s;
  // A CHECK makes the terminal upload every stamped table again from the start.
  for (std::string_view table : protocol::table::kStampTables) {
    if (Status s = upsert_stamp(db, op.device, table, "0"); !s) return s;
  }
  return Status::success();
}

Status apply(Connection& db, SetAdmissionState& op) {
  return set_device_text(db, "UPDATE devices SET admission = ?2 WHERE id = ?1", op.device,
                         admission_state_name(op.state));
}

Status apply(Connection& db, SetAdmissionPolicy& op) {
  return set_device_text(db, "UPDATE devices SET admission_policy = ?2 WHERE id = ?1", op.device,
                         op.policy ? admission_policy_name(*op.policy) : std::string_view());
}

Status apply(Connection& db, SetPushCommKey& op) {
  return set_device_text(db, "UPDATE devices SET push_comm_key = ?2 WHERE id = ?1", op.device, op.key);
}

Status apply(Connection& db, SetServerSettings& op) {
  Result<Statement> set = db.prepare(
      "INSERT INTO server_settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!set) return set.error();
  Result<Statement> clear = db.prepare("DELETE FROM server_settings WHERE key = ?1");
  if (!clear) return clear.error();
  for (const auto& [key, value] : op.values) {
    Statement& st = value.empty() ? *clear : *set;
    st.bind_text(1, key);
    if (!value.empty()) st.bind_text(2, value);
    if (Status s = st.run(); !s) return s;
    st.reset();
  }
  return Status::success();
}

}  // namespace zkpush::store::sql
