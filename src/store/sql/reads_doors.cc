// The access-control dialect's reads: real-time events, newest first with
// filters, and the last door state of each device.

#include <string>

#include "protocol/access/event_codes.h"
#include "store/sql/json_columns.h"
#include "store/sql/read_rows.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

Status decode_access_event(const Statement& st, AccessEventRow& row) {
  row.id = st.int64(0);
  row.sn = st.string(1);
  auto& r = row.record;
  r.time = st.string(2);
  r.pin = st.string(3);
  r.card_no = st.string(4);
  r.event = st.integer(5);
  r.door = st.integer(6);
  r.in_out = st.integer(7);
  r.verify = st.string(8);
  r.index = st.opt_int64(9);
  r.time_valid = st.int64(10) != 0;
  if (!st.is_null(11) && !decode_fields(st.text(11), r.extra)) return corrupt_value("access_events.extra", st.text(11));
  row.received_at = st.int64(12);
  row.person_name = st.string(13);
  return Status::success();
}

Status decode_door_state(const Statement& st, DoorStateRow& row) {
  row.device = st.int64(0);
  row.sn = st.string(1);
  row.state = protocol::access::DoorStateRecord{st.string(2), st.string(3), st.string(4), st.string(5), st.string(6)};
  row.received_at = st.int64(7);
  return Status::success();
}

}  // namespace

// Parameters: ?1 before, ?2 limit, ?3 sn, ?4 pin, ?5 door, ?6 event, ?7 from,
// ?8 to. The classes are fixed words, written into the statement.
Result<std::vector<AccessEventRow>> read_access_events(Connection& db, const AccessEventQuery& q) {
  std::string sql =
      "SELECT e.id, d.sn, e.time, e.pin, e.card_no, e.event, e.door, e.in_out, e.verify, e.log_index, e.time_valid, "
      "e.extra, e.received_at, coalesce(p.name, '') FROM access_events e JOIN devices d ON d.id = e.device_id "
      "LEFT JOIN persons p ON p.pin = e.pin AND e.pin <> '' WHERE e.id < ?1";
  if (q.sn) sql += " AND e.device_id = (SELECT id FROM devices WHERE sn = ?3)";
  if (q.pin) sql += " AND e.pin = ?4";
  if (q.door) sql += " AND e.door = ?5";
  if (q.event) sql += " AND e.event = ?6";
  if (q.from) sql += " AND e.time >= ?7";
  if (q.to) sql += " AND e.time <= ?8";
  if (!q.classes.empty()) {
    std::string names;
    for (const std::string& c : q.classes) {
      const auto known = protocol::access::event_class_from_name(c);
      names += (names.empty() ? "'" : ", '") + std::string(protocol::access::event_class_name(known)) + "'";
    }
    sql += " AND e.event_class IN (" + names + ")";
  }
  sql += " ORDER BY e.id DESC LIMIT ?2";
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_int(1, q.before > 0 ? q.before : INT64_MAX);
  st->bind_int(2, q.limit);
  if (q.sn) st->bind_text(3, *q.sn);
  if (q.pin) st->bind_text(4, *q.pin);
  if (q.door) st->bind_int(5, *q.door);
  if (q.event) st->bind_int(6, *q.event);
  if (q.from) st->bind_text(7, *q.from);
  if (q.to) st->bind_text(8, *q.to);
  return collect_rows<AccessEventRow>(*st, decode_access_event);
}

Result<std::vector<DoorStateRow>> read_door_states(Connection& db, std::optional<DeviceId> device) {
  Result<Statement> st = db.prepare(
      std::string("SELECT s.device_id, d.sn, s.time, s.sensor, s.relay, s.alarm, s.door, s.received_at "
                  "FROM door_states s JOIN devices d ON d.id = s.device_id") +
      (device ? " WHERE s.device_id = ?1" : "") + " ORDER BY s.device_id");
  if (!st) return st.error();
  if (device) st->bind_int(1, *device);
  return collect_rows<DoorStateRow>(*st, decode_door_state);
}

namespace {

// Runs `sql` and calls `row(st)` for each result row.
template <typename Row>
Status each_row(Connection& db, const char* sql, Row&& row) {
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return Status::success();
    row(*st);
  }
}

}  // namespace

// Several statements: a change committed between two of them shows in part,
// and the sync engine that reads them runs again after that change.
Result<AccessRights> read_access_rights(Connection& db) {
  AccessRights r;
  Status s = each_row(db, "SELECT id, name, schedule FROM time_zones ORDER BY id", [&](const Statement& st) {
    r.time_zones.push_back({st.int64(0), st.string(1), st.string(2)});
  });
  if (s) s = each_row(db, "SELECT id, date, type, yearly, name FROM holidays ORDER BY date", [&](const Statement& st) {
    r.holidays.push_back({st.int64(0), st.string(1), st.integer(2), st.int64(3) != 0, st.string(4)});
  });
  if (s) s = each_row(db, "SELECT id, name, time_zone_id FROM access_levels ORDER BY id", [&](const Statement& st) {
    r.levels.push_back({st.int64(0), st.string(1), st.int64(2), {}});
  });
  if (s) s = each_row(db, "SELECT level_id, device_id, door FROM access_level_doors ORDER BY level_id, device_id, door",
                      [&](const Statement& st) {
                        for (auto& level : r.levels)
                          if (level.id == st.int64(0)) level.doors.push_back({st.int64(1), st.integer(2)});
                      });
  if (s) s = each_row(db, "SELECT person_id, level_id FROM person_access_levels ORDER BY person_id, level_id",
                      [&](const Statement& st) { r.grants.emplace_back(st.int64(0), st.int64(1)); });
  if (s) s = each_row(db, "SELECT person_id FROM access_blocks ORDER BY person_id",
                      [&](const Statement& st) { r.blocked.push_back(st.int64(0)); });
  if (s) s = each_row(db, "SELECT device_id, door, name FROM door_names ORDER BY device_id, door",
                      [&](const Statement& st) { r.door_names.push_back({st.int64(0), st.integer(1), st.string(2)}); });
  if (!s) return s.error();
  return r;
}

Result<PanelRows> read_panel_rows(Connection& db, DeviceId device) {
  PanelRows out;
  Result<Statement> version = db.prepare("SELECT access_sync_version FROM devices WHERE id = ?1");
  if (!version) return version.error();
  version->bind_int(1, device);
  Result<bool> row = version->step();
  if (!row) return row.error();
  if (!*row) return Error::not_found("no device with id " + std::to_string(device));
  out.version = version->int64(0);
  version->reset();
  Result<Statement> rows =
      db.prepare("SELECT table_name, row_key, row_hash FROM panel_rows WHERE device_id = ?1 ORDER BY table_name, row_key");
  if (!rows) return rows.error();
  rows->bind_int(1, device);
  for (;;) {
    Result<bool> more = rows->step();
    if (!more) return more.error();
    if (!*more) return out;
    out.rows.push_back({rows->string(0), rows->string(1), rows->string(2)});
  }
}

}  // namespace zkpush::store::sql
