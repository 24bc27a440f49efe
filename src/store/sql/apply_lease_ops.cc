// Leases (store/lease_records.h).

#include "store/sql/apply_ops.h"

namespace zkpush::store::sql {

Status apply(Connection& db, ClaimLease& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO leases (name, holder, expires_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
      "WHERE leases.holder = excluded.holder OR leases.expires_at < ?4 "
      "RETURNING holder");
  if (!st) return st.error();
  st->bind_text(1, op.name);
  st->bind_text(2, op.holder);
  st->bind_int(3, op.now + op.ttl_ms);
  st->bind_int(4, op.now);
  Result<bool> row = st->step();
  if (!row) return row.error();
  op.held = *row;
  return st->run();
}

Status apply(Connection& db, ReleaseLease& op) {
  Result<Statement> st = db.prepare("DELETE FROM leases WHERE name = ?1 AND holder = ?2");
  if (!st) return st.error();
  st->bind_text(1, op.name);
  st->bind_text(2, op.holder);
  return st->run();
}

}  // namespace zkpush::store::sql
