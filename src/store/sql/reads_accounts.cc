// Reads of the console's accounts and sessions (store/account_records.h).

#include "store/record_names.h"
#include "store/sql/read_rows.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

constexpr const char* kAccountColumns =
    "accounts.id, accounts.name, accounts.role, accounts.password_hash, accounts.created_at, "
    "accounts.password_changed_at, accounts.disabled_at, accounts.credentials_changed_at";

// The account's columns from `first` on, as kAccountColumns lists them.
Status decode_account(const Statement& st, AccountRow& a, int first = 0) {
  a.id = st.int64(first);
  a.name = st.string(first + 1);
  std::optional<Role> role = role_from_name(st.text(first + 2));
  if (!role) return corrupt_value("accounts.role", st.text(first + 2));
  a.role = *role;
  a.password_hash = st.string(first + 3);
  a.created_at = st.int64(first + 4);
  a.password_changed_at = st.int64(first + 5);
  a.disabled_at = st.opt_int64(first + 6);
  a.credentials_changed_at = st.int64(first + 7);
  return Status::success();
}

}  // namespace

Result<std::vector<AccountRow>> read_accounts(Connection& db) {
  Result<Statement> st = db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY name");
  if (!st) return st.error();
  return collect_rows<AccountRow>(*st, [](const Statement& s, AccountRow& a) { return decode_account(s, a); });
}

Result<std::optional<AccountRow>> read_account(Connection& db, const std::string& name) {
  Result<Statement> st =
      db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE name = ?1");
  if (!st) return st.error();
  st->bind_text(1, name);
  return first_row<AccountRow>(*st, [](const Statement& s, AccountRow& a) { return decode_account(s, a); });
}

Result<std::optional<std::string>> read_server_secret(Connection& db, const std::string& name) {
  Result<Statement> st = db.prepare("SELECT value FROM server_secrets WHERE name = ?1");
  if (!st) return st.error();
  st->bind_text(1, name);
  return first_row<std::string>(*st, [](const Statement& s, std::string& value) {
    value = s.string(0);
    return Status::success();
  });
}

Result<std::optional<SessionRow>> read_session(Connection& db, const std::string& token_hash) {
  Result<Statement> st = db.prepare(
      std::string("SELECT s.id, s.token_hash, s.csrf_token, s.created_at, s.expires_at, s.address, s.user_agent, "
                  "s.kind, ") +
      kAccountColumns +
      " FROM account_sessions s JOIN accounts ON accounts.id = s.account_id "
      "WHERE s.token_hash = ?1 AND s.revoked_at IS NULL AND accounts.disabled_at IS NULL");
  if (!st) return st.error();
  st->bind_text(1, token_hash);
  return first_row<SessionRow>(*st, [](const Statement& s, SessionRow& r) {
    r.id = s.int64(0);
    r.token_hash = s.string(1);
    r.csrf_token = s.string(2);
    r.created_at = s.int64(3);
    r.expires_at = s.int64(4);
    r.address = s.string(5);
    r.user_agent = s.string(6);
    r.kind = s.text(7) == "api" ? SessionKind::kApi : SessionKind::kConsole;
    return decode_account(s, r.account, 8);
  });
}

Result<SignInFailures> read_sign_in_failures(Connection& db, const std::string& account, const std::string& address,
                                             TimeMs since) {
  Result<Statement> st = db.prepare(
      "SELECT (SELECT count(*) FROM sign_in_failures WHERE account = ?1 AND at >= ?3), "
      "(SELECT count(*) FROM sign_in_failures WHERE address = ?2 AND at >= ?3)");
  if (!st) return st.error();
  st->bind_text(1, account);
  st->bind_text(2, address);
  st->bind_int(3, since);
  Result<bool> row = st->step();
  if (!row) return row.error();
  SignInFailures failures;
  if (*row) failures = {st->int64(0), st->int64(1)};
  return failures;
}

}  // namespace zkpush::store::sql
