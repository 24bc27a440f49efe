// Reads of uploaded records: attendance, operation log, photos, error log,
// generic records, rejected lines.

#include <string>

#include "store/sql/json_columns.h"
#include "store/sql/read_rows.h"
#include "store/sql/reads.h"
#include "store/sql/row_codecs.h"

namespace zkpush::store::sql {

namespace {

Status decode_rejected(const Statement& s, RejectedRow& r) {
  r.id = s.int64(0);
  r.sn = s.string(1);
  r.table = s.string(2);
  r.reason = s.string(3);
  r.line = std::string(s.blob(4));
  r.received_at = s.int64(5);
  return Status::success();
}

Status decode_attendance(const Statement& st, AttendanceRow& a) {
  a.id = st.int64(0);
  a.sn = st.string(1);
  protocol::AttlogRecord& r = a.record;
  r.pin = st.string(2);
  r.time = st.string(3);
  r.status = st.integer(4);
  r.verify = st.integer(5);
  r.workcode = st.string(6);
  r.reserved1 = st.string(7);
  r.reserved2 = st.string(8);
  if (!st.is_null(9) && !decode_string_list(st.text(9), r.extra)) {
    return corrupt_value("attendance.extra", st.text(9));
  }
  a.time_zone = st.string(10);
  a.received_at = st.int64(11);
  a.person_name = st.string(12);
  a.direction = st.string(13);
  return Status::success();
}

// How a page of punches is looked for: by arrival order (the primary key)
// through a window of ids, or through each terminal's punches in the time
// range (the natural key's (device_id, time) prefix) and then by arrival.
enum class AttendancePlan { kArrivalWindow, kTimeRangePerDevice, kArrival };

// The filters present pick one statement text, each cached once. Parameter
// numbers are fixed whatever is present: ?1 after, ?2 sn, ?3 pin, ?4 from,
// ?5 to, ?6 limit, ?7 status, ?8 verify, ?9 from_utc, ?10 to_utc, ?11 the
// window's last id, ?12 device name, ?13 group, ?14 received from, ?15
// received to, ?16 offset. The person's name comes from persons when the
// PIN is one of theirs. `count`: how many rows match, not the rows.
std::string attendance_sql(const AttendanceQuery& q, AttendancePlan plan, bool count = false) {
  std::string sql = count ? "SELECT count(*) FROM attendance a WHERE a.id > ?1"
                          : "SELECT a.id, d.sn, a.pin, a.time, a.status, a.verify, a.workcode, a.reserved1, "
                            "a.reserved2, a.extra, a.time_zone, a.received_at, coalesce(p.name, ''), a.direction "
                            "FROM attendance a JOIN devices d ON d.id = a.device_id "
                            "LEFT JOIN persons p ON p.pin = a.pin WHERE a.id > ?1";
  if (plan == AttendancePlan::kArrivalWindow) sql += " AND a.id <= ?11";
  if (plan == AttendancePlan::kTimeRangePerDevice) sql += " AND a.device_id IN (SELECT id FROM devices)";
  if (q.sn) sql += " AND a.device_id = (SELECT id FROM devices WHERE sn = ?2)";
  if (q.pin) sql += " AND a.pin = ?3";
  if (q.from) sql += " AND a.time >= ?4";
  if (q.to) sql += " AND a.time <= ?5";
  if (q.status) sql += " AND a.status = ?7";
  if (q.verify) sql += " AND a.verify = ?8";
  if (q.from_utc) sql += " AND zkpush_utc_ms(a.time, a.time_zone) >= ?9";
  if (q.to_utc) sql += " AND zkpush_utc_ms(a.time, a.time_zone) <= ?10";
  if (q.device_name) sql += " AND a.device_id IN (SELECT id FROM devices WHERE name = ?12)";
  if (q.group_id) sql += " AND a.device_id IN (SELECT id FROM devices WHERE coalesce(group_id, 0) = ?13)";
  if (q.received_from) sql += " AND a.received_at >= ?14";
  if (q.received_to) sql += " AND a.received_at <= ?15";
  if (count) return sql;
  sql += q.descending && plan == AttendancePlan::kArrival ? " ORDER BY a.id DESC LIMIT ?6" : " ORDER BY a.id LIMIT ?6";
  if (q.offset > 0) sql += " OFFSET ?16";
  return sql;
}

Status decode_oplog(const Statement& st, OplogRow& o) {
  o.id = st.int64(0);
  o.sn = st.string(1);
  o.record.op_type = st.integer(2);
  o.record.op_who = st.string(3);
  o.record.time = st.string(4);
  o.record.value1 = st.string(5);
  o.record.value2 = st.string(6);
  o.record.value3 = st.string(7);
  o.record.reserved = st.string(8);
  o.received_at = st.int64(9);
  return Status::success();
}

Status decode_photo(const Statement& st, PhotoRow& p) {
  p.id = st.int64(0);
  p.sn = st.string(1);
  std::optional<protocol::PhotoKind> kind = photo_kind_from_text(st.text(2));
  if (!kind) return corrupt_value("photos.kind", st.text(2));
  p.kind = *kind;
  p.pin = st.string(3);
  p.filename = st.string(4);
  p.bio_type = st.integer(5);
  p.size = st.int64(6);
  p.received_at = st.int64(7);
  return Status::success();
}

}  // namespace

namespace {

void bind_attendance_filters(Statement& st, const AttendanceQuery& q) {
  st.bind_int(1, q.after);
  if (q.sn) st.bind_text(2, *q.sn);
  if (q.pin) st.bind_text(3, *q.pin);
  if (q.from) st.bind_text(4, *q.from);
  if (q.to) st.bind_text(5, *q.to);
  if (q.status) st.bind_int(7, *q.status);
  if (q.verify) st.bind_int(8, *q.verify);
  if (q.from_utc) st.bind_int(9, *q.from_utc);
  if (q.to_utc) st.bind_int(10, *q.to_utc);
  if (q.device_name) st.bind_text(12, *q.device_name);
  if (q.group_id) st.bind_int(13, *q.group_id);
  if (q.received_from) st.bind_int(14, *q.received_from);
  if (q.received_to) st.bind_int(15, *q.received_to);
}

Status read_attendance_with(Connection& db, const AttendanceQuery& q, AttendancePlan plan, int64_t window_end,
                            std::vector<AttendanceRow>& out) {
  Result<Statement> st = db.prepare(attendance_sql(q, plan));
  if (!st) return st.error();
  bind_attendance_filters(*st, q);
  st->bind_int(6, q.limit);
  if (q.offset > 0) st->bind_int(16, q.offset);
  if (plan == AttendancePlan::kArrivalWindow) st->bind_int(11, window_end);
  Result<std::vector<AttendanceRow>> rows = collect_rows<AttendanceRow>(*st, decode_attendance);
  if (!rows) return rows.error();
  for (auto& row : *rows) out.push_back(std::move(row));
  return Status::success();
}

}  // namespace

Result<std::vector<AttendanceRow>> read_attendance(Connection& db, const AttendanceQuery& q) {
  std::vector<AttendanceRow> rows;
  if (q.limit <= 0) return rows;
  const bool time_range = (q.from || q.to) && !q.sn;
  if (!time_range || q.offset > 0 || q.descending) {
    if (Status s = read_attendance_with(db, q, AttendancePlan::kArrival, 0, rows); !s) return s.error();
    return rows;
  }
  // Arrival order is the cheap way to a page while the punches in the range
  // are dense; it scans everything when they are few (a day without punches
  // among 10 million: 0.6 s). So it looks through a window of ids first, and
  // the rest of the page comes from each terminal's punches in the range.
  const int64_t window_end = q.after + q.arrival_window;
  if (Status s = read_attendance_with(db, q, AttendancePlan::kArrivalWindow, window_end, rows); !s) return s.error();
  if (static_cast<int>(rows.size()) == q.limit) return rows;
  AttendanceQuery rest = q;
  rest.after = window_end;
  rest.limit = q.limit - static_cast<int>(rows.size());
  if (Status s = read_attendance_with(db, rest, AttendancePlan::kTimeRangePerDevice, 0, rows); !s) return s.error();
  return rows;
}

Result<int64_t> read_attendance_total(Connection& db, const AttendanceQuery& q) {
  Result<Statement> st = db.prepare(attendance_sql(q, AttendancePlan::kArrival, true));
  if (!st) return st.error();
  bind_attendance_filters(*st, q);
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row ? st->int64(0) : 0;
}

// Walks the natural key's index (device, time...).
Result<int64_t> read_attendance_count(Connection& db, DeviceId device, const std::string& from, const std::string& to) {
  Result<Statement> st =
      db.prepare("SELECT count(*) FROM attendance WHERE device_id = ?1 AND time >= ?2 AND time <= ?3");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, from);
  st->bind_text(3, to);
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row ? st->int64(0) : int64_t{0};
}

Result<std::vector<OplogRow>> read_oplog(Connection& db, DeviceId device, const PageQuery& page) {
  return read_device_page<OplogRow>(
      db,
      "SELECT o.id, d.sn, o.op_type, o.op_who, o.time, o.value1, o.value2, o.value3, o.reserved, "
      "o.received_at FROM oplog o JOIN devices d ON d.id = o.device_id "
      "WHERE o.device_id = ?1 AND o.id > ?2 ORDER BY o.id LIMIT ?3",
      device, page, decode_oplog);
}

// Metadata only: `bytes` is the table's last column and is never read here.
Result<std::vector<PhotoRow>> read_photos(Connection& db, DeviceId device, const PageQuery& page) {
  return read_device_page<PhotoRow>(db,
                                    "SELECT p.id, d.sn, p.kind, p.pin, p.filename, p.bio_type, p.size, p.received_at "
                                    "FROM photos p JOIN devices d ON d.id = p.device_id "
                                    "WHERE p.device_id = ?1 AND p.id > ?2 ORDER BY p.id LIMIT ?3",
                                    device, page, decode_photo);
}

// Attendance photos of every device after `after` (the webhook outbox's
// cursor), metadata only.
Result<std::vector<PhotoRow>> read_attendance_photos_after(Connection& db, int64_t after, int limit) {
  return read_table_page<PhotoRow>(
      db,
      "SELECT p.id, d.sn, p.kind, p.pin, p.filename, p.bio_type, p.size, p.received_at "
      "FROM photos p JOIN devices d ON d.id = p.device_id WHERE p.id > ?1 AND p.kind = 'attendance' "
      "ORDER BY p.id LIMIT ?2",
      after, limit, decode_photo);
}

Result<std::optional<std::string>> read_photo_bytes(Connection& db, int64_t photo_id) {
  Result<Statement> st = db.prepare("SELECT bytes FROM photos WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, photo_id);
  return first_row<std::string>(*st, [](const Statement& s, std::string& out) {
    out = std::string(s.blob(0));
    return Status::success();
  });
}

Result<std::vector<ErrorlogRow>> read_errorlog(Connection& db, DeviceId device, const PageQuery& page) {
  return read_device_page<ErrorlogRow>(
      db,
      "SELECT e.id, d.sn, e.err_code, e.err_msg, e.data_origin, e.cmd_id, e.additional, e.received_at "
      "FROM errorlog e JOIN devices d ON d.id = e.device_id "
      "WHERE e.device_id = ?1 AND e.id > ?2 ORDER BY e.id LIMIT ?3",
      device, page, [](const Statement& s, ErrorlogRow& e) {
        e.id = s.int64(0);
        e.sn = s.string(1);
        e.record = {s.string(2), s.string(3), s.string(4), s.string(5), s.string(6)};
        e.received_at = s.int64(7);
        return Status::success();
      });
}

// ?4 is the optional table filter; NULL matches every table.
Result<std::vector<GenericRow>> read_generic(Connection& db, DeviceId device, const std::optional<std::string>& table,
                                             const PageQuery& page) {
  return read_device_page<GenericRow>(
      db,
      "SELECT g.id, d.sn, g.table_name, g.fields, g.received_at "
      "FROM generic_records g JOIN devices d ON d.id = g.device_id "
      "WHERE g.device_id = ?1 AND g.id > ?2 AND (CAST(?4 AS TEXT) IS NULL OR g.table_name = ?4) ORDER BY g.id LIMIT ?3",
      device, page,
      [](const Statement& s, GenericRow& g) -> Status {
        g.id = s.int64(0);
        g.sn = s.string(1);
        g.record.table = s.string(2);
        if (!decode_fields(s.text(3), g.record.fields)) return corrupt_value("generic_records.fields", s.text(3));
        g.received_at = s.int64(4);
        return Status::success();
      },
      [&table](Statement& st) {
        if (table) st.bind_text(4, *table);
      });
}

Result<std::vector<RejectedRow>> read_recent_rejected(Connection& db, int64_t before, int limit) {
  Result<Statement> st = db.prepare(
      "SELECT r.id, d.sn, r.table_name, r.reason, r.line, r.received_at "
      "FROM rejected_lines r JOIN devices d ON d.id = r.device_id WHERE r.id < ?1 ORDER BY r.id DESC LIMIT ?2");
  if (!st) return st.error();
  st->bind_int(1, before > 0 ? before : INT64_MAX);
  st->bind_int(2, limit);
  return collect_rows<RejectedRow>(*st, decode_rejected);
}

Result<std::vector<DeviceActivity>> read_device_activity(Connection& db) {
  Result<Statement> st = db.prepare(
      "SELECT id, last_data_at, clock_skew_s FROM devices WHERE last_data_at IS NOT NULL ORDER BY id");
  if (!st) return st.error();
  return collect_rows<DeviceActivity>(*st, [](const Statement& s, DeviceActivity& a) {
    a.device = s.int64(0);
    a.last_data_at = s.opt_int64(1);
    a.clock_skew_s = s.opt_int64(2);
    return Status::success();
  });
}

Result<std::vector<HourCount>> read_punches_per_hour(Connection& db, TimeMs since) {
  Result<Statement> st =
      db.prepare("SELECT hour, punches FROM attendance_hours WHERE hour >= ?1 ORDER BY hour");
  if (!st) return st.error();
  st->bind_int(1, since / 3'600'000 * 3'600'000);
  return collect_rows<HourCount>(*st, [](const Statement& s, HourCount& h) {
    h.hour = s.int64(0);
    h.punches = s.int64(1);
    return Status::success();
  });
}

Result<std::vector<RejectedRow>> read_rejected(Connection& db, DeviceId device, const PageQuery& page) {
  return read_device_page<RejectedRow>(db,
                                       "SELECT r.id, d.sn, r.table_name, r.reason, r.line, r.received_at "
                                       "FROM rejected_lines r JOIN devices d ON d.id = r.device_id "
                                       "WHERE r.device_id = ?1 AND r.id > ?2 ORDER BY r.id LIMIT ?3",
                                       device, page, decode_rejected);
}

}  // namespace zkpush::store::sql
