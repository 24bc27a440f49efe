// The console's accounts, sessions, failed sign-ins and setup codes
// (store/account_records.h).

#include "store/record_names.h"
#include "store/sql/apply_ops.h"

namespace zkpush::store::sql {

namespace {

// First administrator only: no account yet, and a setup code that was issued
// (then every code is used up). Writers never overlap, so two nodes cannot
// both pass this check.
Status claim_setup(Connection& db, const std::string& code_hash) {
  Result<Statement> any = db.prepare("SELECT 1 FROM accounts LIMIT 1");
  if (!any) return any.error();
  Result<bool> exists = any->step();
  if (!exists) return exists.error();
  if (*exists) return Error::conflict("an account exists already: sign in instead");
  Result<Statement> codes = db.prepare("DELETE FROM setup_codes WHERE code_hash = ?1");
  if (!codes) return codes.error();
  codes->bind_text(1, code_hash);
  if (Status s = codes->run(); !s) return s;
  if (db.changes() == 0) return Error::not_found("this is not the setup code the server printed in its log");
  Result<Statement> rest = db.prepare("DELETE FROM setup_codes");
  if (!rest) return rest.error();
  return rest->run();
}

Status revoke_account_sessions(Connection& db, int64_t account_id, TimeMs now,
                               const std::optional<std::string>& keep, int& revoked) {
  Result<Statement> st = db.prepare(
      "UPDATE account_sessions SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL "
      "AND token_hash <> ?3");
  if (!st) return st.error();
  st->bind_int(1, account_id);
  st->bind_int(2, now);
  static const std::string kNone;  // bound text must outlive the statement's run
  st->bind_text(3, keep ? *keep : kNone);
  if (Status s = st->run(); !s) return s;
  revoked += static_cast<int>(db.changes());
  Result<Statement> account = db.prepare("UPDATE accounts SET credentials_changed_at = ?2 WHERE id = ?1");
  if (!account) return account.error();
  account->bind_int(1, account_id);
  account->bind_int(2, now);
  return account->run();
}

}  // namespace

Status apply(Connection& db, CreateAccount& op) {
  if (op.setup_code_hash)
    if (Status s = claim_setup(db, *op.setup_code_hash); !s) return s;
  Result<Statement> st = db.prepare(
      "INSERT INTO accounts (name, role, password_hash, created_at, password_changed_at) "
      "VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id");
  if (!st) return st.error();
  st->bind_text(1, op.name);
  st->bind_text(2, role_name(op.role));
  st->bind_text(3, op.password_hash);
  st->bind_int(4, op.now);
  Result<int64_t> id = st->run_returning_id();
  if (!id) return id.error();
  op.id = *id;
  return Status::success();
}

Status apply(Connection& db, UpdateAccount& op) {
  Result<Statement> st = db.prepare(
      "UPDATE accounts SET role = coalesce(?2, role), password_hash = coalesce(?3, password_hash), "
      "password_changed_at = CASE WHEN ?3 IS NULL THEN password_changed_at ELSE ?5 END, "
      "disabled_at = CASE WHEN ?4 = 0 THEN NULL WHEN ?4 = 1 THEN coalesce(disabled_at, ?5) ELSE disabled_at END "
      "WHERE name = ?1 RETURNING id");
  if (!st) return st.error();
  st->bind_text(1, op.name);
  if (op.role) st->bind_text(2, role_name(*op.role));
  else st->bind_null(2);
  st->bind_opt_text(3, op.password_hash);
  st->bind_int(4, op.disabled ? (*op.disabled ? 1 : 0) : -1);  // -1: unchanged
  st->bind_int(5, op.now);
  Result<bool> row = st->step();
  if (!row) return row.error();
  op.found = *row;
  if (!op.found) return Status::success();
  const int64_t id = st->int64(0);
  if (Status s = st->run(); !s) return s;
  if (op.password_hash || op.disabled.value_or(false)) {
    int revoked = 0;
    return revoke_account_sessions(db, id, op.now, op.keep_session, revoked);
  }
  return Status::success();
}

Status apply(Connection& db, AddServerSecret& op) {
  Result<Statement> st =
      db.prepare("INSERT INTO server_secrets (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING");
  if (!st) return st.error();
  st->bind_text(1, op.name);
  st->bind_text(2, op.value);
  return st->run();
}

Status apply(Connection& db, CreateSession& op) {
  Result<Statement> old = db.prepare("DELETE FROM account_sessions WHERE expires_at < ?1");
  if (!old) return old.error();
  old->bind_int(1, op.delete_expired_before);
  if (Status s = old->run(); !s) return s;
  Result<Statement> st = db.prepare(
      "INSERT INTO account_sessions (account_id, token_hash, csrf_token, created_at, expires_at, address, "
      "user_agent, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
      // An API token is the same at every sign-in until the account's
      // credentials change: signing in again pushes its expiry on.
      "ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at RETURNING id");
  if (!st) return st.error();
  const SessionRow& s = op.session;
  st->bind_int(1, s.account.id);
  st->bind_text(2, s.token_hash);
  st->bind_text(3, s.csrf_token);
  st->bind_int(4, s.created_at);
  st->bind_int(5, s.expires_at);
  st->bind_text(6, s.address);
  st->bind_text(7, s.user_agent);
  st->bind_text(8, s.kind == SessionKind::kApi ? "api" : "console");
  Result<int64_t> id = st->run_returning_id();
  if (!id) return id.error();
  op.id = *id;
  return Status::success();
}

Status apply(Connection& db, ExtendSession& op) {
  Result<Statement> st = db.prepare(
      "UPDATE account_sessions SET expires_at = ?2 WHERE token_hash = ?1 AND expires_at < ?2");
  if (!st) return st.error();
  st->bind_text(1, op.token_hash);
  st->bind_int(2, op.expires_at);
  return st->run();
}

Status apply(Connection& db, RevokeSessions& op) {
  op.revoked = 0;
  if (op.account_id) return revoke_account_sessions(db, *op.account_id, op.now, std::nullopt, op.revoked);
  if (!op.token_hash) return Status::success();
  Result<Statement> st =
      db.prepare("UPDATE account_sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL");
  if (!st) return st.error();
  st->bind_text(1, *op.token_hash);
  st->bind_int(2, op.now);
  if (Status s = st->run(); !s) return s;
  op.revoked = static_cast<int>(db.changes());
  return Status::success();
}

Status apply(Connection& db, RecordSignInFailure& op) {
  Result<Statement> old = db.prepare("DELETE FROM sign_in_failures WHERE at < ?1");
  if (!old) return old.error();
  old->bind_int(1, op.delete_before);
  if (Status s = old->run(); !s) return s;
  Result<Statement> st = db.prepare("INSERT INTO sign_in_failures (at, account, address) VALUES (?1, ?2, ?3)");
  if (!st) return st.error();
  st->bind_int(1, op.at);
  st->bind_text(2, op.account);
  st->bind_text(3, op.address);
  return st->run();
}

Status apply(Connection& db, ClearSignInFailures& op) {
  Result<Statement> st = db.prepare("DELETE FROM sign_in_failures WHERE account = ?1");
  if (!st) return st.error();
  st->bind_text(1, op.account);
  return st->run();
}

Status apply(Connection& db, AddSetupCode& op) {
  Result<Statement> old = db.prepare("DELETE FROM setup_codes WHERE created_at < ?1");
  if (!old) return old.error();
  old->bind_int(1, op.delete_before);
  if (Status s = old->run(); !s) return s;
  Result<Statement> st = db.prepare("INSERT INTO setup_codes (code_hash, created_at) VALUES (?1, ?2)");
  if (!st) return st.error();
  st->bind_text(1, op.code_hash);
  st->bind_int(2, op.now);
  return st->run();
}

}  // namespace zkpush::store::sql
