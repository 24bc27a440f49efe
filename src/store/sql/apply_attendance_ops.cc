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
      "time_zone, received_at) VALUES ",
      "(?1, @1, @2, @3, @4, @5, @6, @7, @8, ?2, ?3)", 3, 8, " ON CONFLICT DO NOTHING");
  // The writer thread's buffers: bound text must outlive the statement's run.
  thread_local std::vector<std::string> extras(RowBatches::kMaxRows);
  op.inserted = 0;
  for (std::size_t done = 0; done < op.records.size();) {
    const std::size_t rows = RowBatches::chunk(op.records.size() - done);
    Result<Statement> st = db.prepare(kInsert.sql(rows));
    if (!st) return st.error();
    st->bind_int(1, op.device);
    st->bind_text(2, op.time_zone);
    st->bind_int(3, op.received_at);
    for (std::size_t i = 0; i < rows; ++i) {
      const protocol::AttlogRecord& r = op.records[done + i];
      st->bind_text(kInsert.parameter(i, 1), r.pin);
      st->bind_text(kInsert.parameter(i, 2), r.time);
      st->bind_int(kInsert.parameter(i, 3), r.status);
      st->bind_int(kInsert.parameter(i, 4), r.verify);
      st->bind_text(kInsert.parameter(i, 5), r.workcode);
      st->bind_text(kInsert.parameter(i, 6), r.reserved1);
      st->bind_text(kInsert.parameter(i, 7), r.reserved2);
      if (r.extra.empty()) {
        st->bind_null(kInsert.parameter(i, 8));
      } else {
        extras[i].clear();
        encode_string_list(r.extra, extras[i]);
        st->bind_text(kInsert.parameter(i, 8), extras[i]);
      }
    }
    if (Status s = st->run(); !s) return s;
    op.inserted += static_cast<int>(db.changes());
    done += rows;
  }
  return Status::success();
}

}  // namespace zkpush::store::sql
