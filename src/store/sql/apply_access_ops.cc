// API access writes: tokens and the audit log.

#include "store/record_names.h"
#include "store/sql/apply_ops.h"

namespace zkpush::store::sql {

Status apply(Connection& db, CreateToken& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO api_tokens (name, scope, token_hash, prefix, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
  if (!st) return st.error();
  st->bind_text(1, op.name);
  st->bind_text(2, scope_name(op.scope));
  st->bind_text(3, op.token_hash);
  st->bind_text(4, op.prefix);
  st->bind_int(5, op.now);
  Result<int64_t> id = st->run_returning_id();
  if (!id) return id.error();
  op.id = *id;
  return Status::success();
}

Status apply(Connection& db, RevokeToken& op) {
  Result<Statement> st =
      db.prepare("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  if (!st) return st.error();
  st->bind_int(1, op.id);
  st->bind_int(2, op.now);
  if (Status s = st->run(); !s) return s;
  op.revoked = db.changes() > 0;
  return Status::success();
}

Status apply(Connection& db, AppendAudit& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO audit_log (at, token_id, token_name, method, path, status, detail, account_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!st) return st.error();
  const AuditRow& r = op.row;
  st->bind_int(1, r.at);
  st->bind_int(2, r.token_id);
  st->bind_text(3, r.token_name);
  st->bind_text(4, r.method);
  st->bind_text(5, r.path);
  st->bind_int(6, r.status);
  st->bind_text(7, r.detail);
  st->bind_int(8, r.account_id);
  return st->run();
}

}  // namespace zkpush::store::sql
