// Where a punch is committed: the rows of an ATTLOG upload go into
// `attendance`.

#include <string>
#include <vector>

#include "store/sql/apply_ops.h"
#include "store/sql/json_columns.h"
#include "store/sql/row_batches.h"

namespace zkpush::store::sql {

// The ATTLOG hot path: multi-row statements (row_batches.h), the per-op values
// bound once, reused buffers for the JSON column, duplicates dropped by the
// natural key.
Status apply(Connection& db, InsertAttendance& op) {
  static const RowBatches kInsert(
      "INSERT INTO attendance (device_id, pin, time, status, verify, workcode, reserved1, reserved2, extra, "
      "direction, time_zone, received_at) VALUES ",
      "(?1, @1, @2, @3, @4, @5, @6, @7, @8, @9, ?2, ?3)", 3, 9, " ON CONFLICT DO NOTHING");
  // The writer thread's buffers: bound text must outlive the statement's run.
  // Grown only, so the strings keep their capacity from upload to upload.
  thread_local std::vector<std::string> extras;
  if (extras.size() < op.records.size()) extras.resize(op.records.size());
  Result<int64_t> inserted = kInsert.run(
      db, op.records.size(),
      [&](Statement& st) {
        st.bind_int(1, op.device);
        st.bind_text(2, op.time_zone);
        st.bind_int(3, op.received_at);
      },
      [&](RowParameters& row, std::size_t i) {
        const protocol::AttlogRecord& r = op.records[i];
        row.bind_text(1, r.pin);
        row.bind_text(2, r.time);
        row.bind_int(3, r.status);
        row.bind_int(4, r.verify);
        row.bind_text(5, r.workcode);
        row.bind_text(6, r.reserved1);
        row.bind_text(7, r.reserved2);
        if (r.extra.empty()) {
          row.bind_null(8);
        } else {
          extras[i].clear();
          encode_string_list(r.extra, extras[i]);
          row.bind_text(8, extras[i]);
        }
        row.bind_text(9, i < op.directions.size() ? op.directions[i] : std::string_view());
      });
  if (!inserted) return inserted.error();
  op.inserted = static_cast<int>(*inserted);
  // Nobody reads these results either: deferred.
  Result<Statement> activity = db.prepare(
      "UPDATE devices SET last_data_at = ?2, clock_skew_s = coalesce(?3, clock_skew_s) WHERE id = ?1");
  if (!activity) return activity.error();
  activity->bind_int(1, op.device);
  activity->bind_int(2, op.received_at);
  activity->bind_int(3, op.clock_skew_s);
  if (Status s = activity->run_deferred(); !s) return s;
  if (op.inserted == 0) return Status::success();
  // Counted by the hour it arrived in (attendance_hours): nobody reads the
  // result, so it does not wait on PostgreSQL.
  Result<Statement> hours = db.prepare(
      "INSERT INTO attendance_hours (hour, punches) VALUES (?1, ?2) "
      "ON CONFLICT (hour) DO UPDATE SET punches = attendance_hours.punches + excluded.punches");
  if (!hours) return hours.error();
  hours->bind_int(1, op.received_at / 3'600'000 * 3'600'000);
  hours->bind_int(2, op.inserted);
  return hours->run_deferred();
}

}  // namespace zkpush::store::sql
