// Reads of API access: the tokens and the audit log of what they changed.

#include "store/record_names.h"
#include "store/sql/read_rows.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

Status decode_token(const Statement& st, TokenRow& t) {
  t.id = st.int64(0);
  t.name = st.string(1);
  std::optional<Scope> scope = scope_from_name(st.text(2));
  if (!scope) return corrupt_value("api_tokens.scope", st.text(2));
  t.scope = *scope;
  t.token_hash = st.string(3);
  t.prefix = st.string(4);
  t.created_at = st.int64(5);
  t.revoked_at = st.opt_int64(6);
  return Status::success();
}

}  // namespace

Result<std::vector<TokenRow>> read_tokens(Connection& db) {
  Result<Statement> st = db.prepare(
      "SELECT id, name, scope, token_hash, prefix, created_at, revoked_at FROM api_tokens ORDER BY id");
  if (!st) return st.error();
  return collect_rows<TokenRow>(*st, decode_token);
}

Result<std::vector<AuditRow>> read_audit_log(Connection& db, const PageQuery& page) {
  return read_table_page<AuditRow>(
      db,
      "SELECT id, at, token_id, token_name, method, path, status, detail, account_id FROM audit_log WHERE id > ?1 "
      "ORDER BY id LIMIT ?2",
      page.after, page.limit, [](const Statement& st, AuditRow& a) {
        a.id = st.int64(0);
        a.at = st.int64(1);
        a.token_id = st.opt_int64(2);
        a.token_name = st.string(3);
        a.method = st.string(4);
        a.path = st.string(5);
        a.status = st.integer(6);
        a.detail = st.string(7);
        a.account_id = st.opt_int64(8);
        return Status::success();
      });
}

}  // namespace zkpush::store::sql
