// Where a punch is committed: the rows of an ATTLOG upload go into
// `attendance`.

#include <string>

#include "store/sql/apply_ops.h"
#include "store/sql/json_columns.h"

namespace zkpush::store::sql {

// The ATTLOG hot path: one cached statement, the per-op values bound once,
// a reused buffer for the JSON column, duplicates dropped by the natural key.
Status apply(Connection& db, InsertAttendance& op) {
  op.inserted = 0;
  if (op.records.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO attendance (device_id, pin, time, status, verify, workcode, "
      "reserved1, reserved2, extra, time_zone, received_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_text(10, op.time_zone);
  st->bind_int(11, op.received_at);
  std::string extra;
  for (const protocol::AttlogRecord& r : op.records) {
    st->bind_text(2, r.pin);
    st->bind_text(3, r.time);
    st->bind_int(4, r.status);
    st->bind_int(5, r.verify);
    st->bind_text(6, r.workcode);
    st->bind_text(7, r.reserved1);
    st->bind_text(8, r.reserved2);
    if (r.extra.empty()) {
      st->bind_null(9);
    } else {
      extra.clear();
      encode_string_list(r.extra, extra);
      st->bind_text(9, extra);
    }
    if (Status s = st->run(); !s) return s;
    op.inserted += static_cast<int>(db.changes());
    st->reset();
  }
  return Status::success();
}

}  // namespace zkpush::store::sql
