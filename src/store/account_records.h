// Rows and write operations of the console's people: accounts (a name, a
// role, an Argon2id password hash), their sign-in sessions, failed sign-ins
// (the throttle reads them, so every node of a cluster sees the same
// count), and the one-time codes that let the first administrator be
// created from the sign-in page. store.h includes this file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/access_records.h"
#include "store/ids.h"

namespace zkpush::store {

// Ordered: each role may do what the ones below it may. A role acts with
// the API scope of the same rank (viewer: read, operator: write, admin: admin).
enum class Role { kViewer = 1, kOperator = 2, kAdmin = 3 };
inline Scope scope_of(Role role) { return static_cast<Scope>(static_cast<int>(role)); }

struct AccountRow {
  int64_t id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // crypto_pwhash_str's "$argon2id$..." string
  TimeMs created_at = 0;
  TimeMs password_changed_at = 0;
  std::optional<TimeMs> disabled_at;
  // When its sessions were last ended (a new password, disabling, "end
  // every session"): API tokens and JWTs issued before it are refused.
  TimeMs credentials_changed_at = 0;
};

// A console session is a signed-in browser: the cookie holds a random token
// (only its SHA-256 is kept), and `csrf_token` is given to the page, which
// sends it back on every change (X-CSRF-Token). An API session is a
// BioTime-style token a program sends as `Authorization: Token ...`.
enum class SessionKind { kConsole, kApi };
struct SessionRow {
  int64_t id = 0;
  SessionKind kind = SessionKind::kConsole;
  std::string token_hash;
  std::string csrf_token;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
  std::string address, user_agent;
  AccountRow account;  // whose session it is
};

// Failed sign-ins since a time, for one account name and for one address.
struct SignInFailures {
  int64_t by_account = 0;
  int64_t by_address = 0;
};

// kConflict when the name is taken. With `setup_code_hash`, the first
// administrator created from the sign-in page: kConflict when any account
// exists, kNotFound when no such setup code was issued; the codes are used
// up by it.
struct CreateAccount {
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;
  TimeMs now = 0;
  std::optional<std::string> setup_code_hash = std::nullopt;
  int64_t id = 0;  // out
};
// Changes what is set. A new password or disabling ends the account's
// sessions (all of them but `keep_session`, when set).
struct UpdateAccount {
  std::string name;
  std::optional<Role> role = std::nullopt;
  std::optional<std::string> password_hash = std::nullopt;
  std::optional<bool> disabled = std::nullopt;
  TimeMs now = 0;
  std::optional<std::string> keep_session = std::nullopt;  // a token hash
  bool found = false;  // out
};
// A new session; sessions that expired long ago are deleted with it.
struct CreateSession {
  SessionRow session;  // its account's id in session.account.id
  TimeMs delete_expired_before = 0;
  int64_t id = 0;  // out
};
struct ExtendSession { std::string token_hash; TimeMs expires_at = 0; };
// One session (by its token's hash) or every session of an account.
struct RevokeSessions {
  std::optional<std::string> token_hash = std::nullopt;
  std::optional<int64_t> account_id = std::nullopt;
  TimeMs now = 0;
  int revoked = 0;  // out
};
// Also deletes failures older than `delete_before`.
struct RecordSignInFailure {
  std::string account, address;
  TimeMs at = 0;
  TimeMs delete_before = 0;
};
// A successful sign-in forgets the account's failures.
struct ClearSignInFailures { std::string account; };
// A secret the cluster's nodes share (server_secrets), set only when it is
// not set yet: two nodes creating it at once both read the first one back.
struct AddServerSecret {
  std::string name, value;
};
// Issued at start while there is no account; older codes are deleted.
struct AddSetupCode {
  std::string code_hash;
  TimeMs now = 0;
  TimeMs delete_before = 0;
};

}  // namespace zkpush::store
