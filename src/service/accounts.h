// The console's people: accounts with a role, signing in and out, sessions,
// the sign-in throttle, and the one-time setup code for the first
// administrator. The database holds all of it; this keeps a cache of the
// sessions in use, dropped whenever any node changes an account or revokes a
// session (the change feed's kAccounts).
//
// Password hashing (Argon2id, ~0.1 s of CPU and 64 MiB) runs on this
// service's own thread, never on an I/O thread: a sign-in must not stall the
// terminals served beside it. The asynchronous calls answer on that thread.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/changes.h"
#include "store/store.h"
#include "util/clock.h"

namespace zkpush::service {

struct AccountPolicy {
  // A session lasts this long after its last use (it is extended at most
  // once per `extend_step`, one write), and never longer than `session_max`.
  std::chrono::milliseconds session_idle = std::chrono::hours(12);
  std::chrono::milliseconds session_max = std::chrono::hours(24 * 7);
  std::chrono::milliseconds extend_step = std::chrono::minutes(10);
  // Sign-in is refused while this many attempts failed within the window,
  // for the account name tried or for the address trying.
  std::chrono::milliseconds failure_window = std::chrono::minutes(15);
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;
  // A BioTime-style API token (`Authorization: Token`) lasts this long after
  // its last use; a BioTime JWT this long after it was issued.
  std::chrono::milliseconds api_token_idle = std::chrono::hours(24 * 90);
  std::chrono::seconds jwt_life = std::chrono::hours(1);
};

// What a successful sign-in gives: a console session (a cookie), an API
// token (an API session), a JWT, or nothing but the account (HTTP Basic).
enum class Credential { kConsoleSession, kApiToken, kJwt, kVerifyOnly };

struct SignInResult {
  enum class Outcome { kSignedIn, kRefused, kThrottled, kFailed };
  Outcome outcome = Outcome::kFailed;
  std::string token;         // kSignedIn: the cookie's value, API token or JWT, shown once
  store::SessionRow session;  // kSignedIn (a JWT's: not stored, its account only)
  std::chrono::seconds retry_after{0};  // kThrottled
  Error error = Error::storage("");     // kFailed (and kRefused: why)
};

class AccountService {
 public:
  AccountService(store::Store& store, ServiceClock clock = {}, AccountPolicy policy = {});
  ~AccountService();  // waits for the password thread's work

  // When there is no account yet, issues a setup code and returns it (the
  // caller prints it); nullopt when accounts exist.
  Result<std::optional<std::string>> issue_setup_code_if_needed();
  Result<bool> setup_needed();

  // The session behind a cookie's token: nullopt when unknown, revoked,
  // expired, or its account disabled. Extends a session in use.
  std::optional<store::SessionRow> session(std::string_view token);
  // The same for an API token (`Authorization: Token <token>`).
  std::optional<store::SessionRow> api_session(std::string_view token);
  // The account behind a JWT this cluster signed, unexpired, whose account
  // is enabled and has not had its sessions ended since.
  std::optional<store::AccountRow> jwt_account(std::string_view token);
  void on_changes(const std::vector<store::Change>& changes);

  // HTTP Basic (BioTime's clients may send it on every request): the
  // enabled account with this name and password, or nullopt (also while the
  // throttle holds, and a failure counts towards it). Verified on the
  // password thread, then remembered for a few minutes by a hash of both,
  // so a client that sends them each time costs one hash a while; `done`
  // runs at once for a remembered pair.
  void basic_account(std::string name, std::string password, std::string address,
                     std::function<void(std::optional<store::AccountRow>)> done);

  using SignInDone = std::function<void(SignInResult)>;
  void sign_in(std::string name, std::string password, std::string address, std::string user_agent,
               SignInDone done, Credential credential = Credential::kConsoleSession);
  // The first administrator, with the setup code from the log; signs them in.
  void set_up(std::string code, std::string name, std::string password, std::string address,
              std::string user_agent, SignInDone done);
  void sign_out(std::string_view token, std::function<void(Status)> done);

  // An administrator's changes. `password`, when set, is hashed first.
  void create(std::string name, store::Role role, std::string password, std::function<void(Result<int64_t>)> done);
  void update(store::UpdateAccount change, std::optional<std::string> password,
              std::function<void(Result<bool>)> done);
  void revoke_sessions(int64_t account_id, std::function<void(Result<int>)> done);

  // Blocking, for the command line (`zkpush user ...`).
  static Result<int64_t> create_now(store::Store& store, std::string name, store::Role role,
                                    const std::string& password);
  static Result<bool> update_now(store::Store& store, store::UpdateAccount change,
                                 const std::optional<std::string>& password);

  // What a name and a password must be; an error says what is wrong.
  static Status check_name(std::string_view name);
  static Status check_password(std::string_view password);

 private:
  SignInResult open_session(const store::AccountRow& account, const std::string& address,
                            const std::string& user_agent, Credential credential = Credential::kConsoleSession);
  std::optional<store::SessionRow> find_session(std::string_view token, store::SessionKind kind);
  void remember(const std::string& token_hash, const store::SessionRow& session);
  // Drops the cached sessions and Basic pairs: on this node at once after
  // its own change to accounts (before the caller hears it is done), on
  // every node when the change feed tells of one.
  void forget_credentials();
  // The key that signs JWTs and derives API tokens, created on first use and
  // shared through the database (server_secrets), so every node accepts
  // every node's.
  std::optional<std::string> jwt_key();

  store::Store& store_;
  ServiceClock clock_;
  AccountPolicy policy_;
  std::mutex mutex_;
  std::unordered_map<std::string, store::SessionRow> sessions_;  // by token hash
  std::string jwt_key_;  // guarded by mutex_; empty until read
  struct VerifiedPair {
    store::AccountRow account;
    int64_t until_ms = 0;
  };
  std::unordered_map<std::string, VerifiedPair> basic_pairs_;  // guarded by mutex_; by hash of name and password
  boost::asio::thread_pool password_thread_{1};
};

}  // namespace zkpush::service
