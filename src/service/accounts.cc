#include "service/accounts.h"

#include <boost/asio/post.hpp>
#include <algorithm>
#include <cctype>

#include "service/api_jwt.h"
#include "store/commit.h"
#include "util/crypto.h"
#include "util/password.h"

namespace zkpush::service {

namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kApiTokenBytes = 20;  // 40 hex digits, as BioTime's (Django REST framework's) tokens
constexpr const char* kJwtKeySecret = "api_jwt_key";
constexpr std::size_t kCsrfBytes = 16;
constexpr std::size_t kMaxCachedSessions = 10'000;
constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kMaxPasswordLength = 1024;
constexpr std::size_t kMaxNameLength = 64;
constexpr int64_t kSetupCodeLifeMs = 24 * 3600 * 1000;
constexpr int64_t kBasicPairLifeMs = 5 * 60 * 1000;

int64_t ms(std::chrono::milliseconds d) { return d.count(); }

// "7F3K-Q9ZD-M2XH": twelve characters a person copies from a log without
// confusing 0/O or 1/I.
std::string new_setup_code() {
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const std::string random = random_hex(12);
  std::string code;
  for (std::size_t i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kAlphabet[std::stoi(random.substr(i * 2, 2), nullptr, 16) % kAlphabet.size()];
  }
  return code;
}

// Spaces and case do not matter when the code is typed.
std::string normalised_code(std::string_view code) {
  std::string out;
  for (char c : code)
    if (c != ' ' && c != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Verifying against this when the name is unknown takes as long as a real
// check, so the time of a refusal does not tell which names exist.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("decoy password").value_or("");
  return hash;
}

Status commit(store::Store& store, store::WriteBatch& batch) { return store::commit_and_wait(store, batch); }

}  // namespace

AccountService::AccountService(store::Store& store, ServiceClock clock, AccountPolicy policy)
    : store_(store), clock_(clock), policy_(policy) {}

AccountService::~AccountService() { password_thread_.join(); }

Status AccountService::check_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength)
    return Error::invalid("a name is 1 to " + std::to_string(kMaxNameLength) + " characters");
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '@';
  });
  if (!plain) return Error::invalid("a name holds letters, digits and . - _ @ only");
  return Status::success();
}

Status AccountService::check_password(std::string_view password) {
  if (password.size() < kMinPasswordLength)
    return Error::invalid("a password has at least " + std::to_string(kMinPasswordLength) + " characters");
  if (password.size() > kMaxPasswordLength) return Error::invalid("this password is too long");
  return Status::success();
}

Result<bool> AccountService::setup_needed() {
  auto accounts = store_.accounts();
  if (!accounts) return accounts.error();
  return accounts->empty();
}

Result<std::optional<std::string>> AccountService::issue_setup_code_if_needed() {
  auto needed = setup_needed();
  if (!needed) return needed.error();
  if (!*needed) return std::optional<std::string>();
  const std::string code = new_setup_code();
  const int64_t now = clock_.now_ms();
  store::WriteBatch batch;
  batch.add(store::AddSetupCode{sha256_hex(normalised_code(code)), now, now - kSetupCodeLifeMs});
  if (Status s = commit(store_, batch); !s) return s.error();
  return std::optional<std::string>(code);
}

std::optional<store::SessionRow> AccountService::session(std::string_view token) {
  return find_session(token, store::SessionKind::kConsole);
}

std::optional<store::SessionRow> AccountService::api_session(std::string_view token) {
  return find_session(token, store::SessionKind::kApi);
}

std::optional<store::SessionRow> AccountService::find_session(std::string_view token, store::SessionKind kind) {
  const bool console = kind == store::SessionKind::kConsole;
  if (token.size() != (console ? kTokenBytes : kApiTokenBytes) * 2) return std::nullopt;
  const std::string hash = sha256_hex(token);
  const int64_t now = clock_.now_ms();
  std::optional<store::SessionRow> found;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(hash); it != sessions_.end() && it->second.expires_at > now) found = it->second;
  }
  if (!found) {  // not cached, or expired here while another node may have extended it
    auto row = store_.session(hash);
    if (!row || !*row || (*row)->expires_at <= now) return std::nullopt;
    found = std::move(**row);
  }
  if (found->kind != kind) return std::nullopt;
  // In use: pushed on once it has aged a step, within its maximum life (an
  // API token has none: it lives while it is used).
  const int64_t wanted = console ? std::min(now + ms(policy_.session_idle), found->created_at + ms(policy_.session_max))
                                 : now + ms(policy_.api_token_idle);
  if (wanted - found->expires_at >= ms(policy_.extend_step)) {
    found->expires_at = wanted;
    store::WriteBatch batch;
    batch.add(store::ExtendSession{hash, wanted});
    store_.submit(std::move(batch), [](Status, store::WriteBatch&) {});
  }
  remember(hash, *found);
  return found;
}

void AccountService::remember(const std::string& token_hash, const store::SessionRow& session) {
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= kMaxCachedSessions) sessions_.clear();
  sessions_[token_hash] = session;
}

void AccountService::on_changes(const std::vector<store::Change>& changes) {
  using Kind = store::Change::Kind;
  if (!store::any_of_kinds(changes, {Kind::kAccounts, Kind::kResync})) return;
  forget_credentials();
}

void AccountService::forget_credentials() {
  std::lock_guard lock(mutex_);
  sessions_.clear();
  basic_pairs_.clear();
}

SignInResult AccountService::open_session(const store::AccountRow& account, const std::string& address,
                                          const std::string& user_agent, Credential credential) {
  SignInResult result;
  const int64_t now = clock_.now_ms();
  store::SessionRow& s = result.session;
  s.account = account;
  store::WriteBatch batch;
  if (credential == Credential::kVerifyOnly) {  // HTTP Basic: no credential to hand out, nothing to write
    result.outcome = SignInResult::Outcome::kSignedIn;
    return result;
  }
  if (credential == Credential::kJwt) {  // nothing stored but the failures forgotten
    auto key = jwt_key();
    if (!key) {
      result.error = Error::storage("the JWT key cannot be read");
      return result;
    }
    const int64_t now_s = now / 1000;
    result.token = sign_jwt({account.id, account.name, now, now_s + policy_.jwt_life.count()}, *key);
    s.created_at = now;
    s.expires_at = now + std::chrono::duration_cast<std::chrono::milliseconds>(policy_.jwt_life).count();
  } else {
    const bool console = credential == Credential::kConsoleSession;
    if (console) {
      result.token = random_hex(kTokenBytes);
    } else {
      // One token per account, as BioTime's: the same at every sign-in until
      // its credentials change (then the old one is refused and this one new),
      // so a client that signs in on every sync does not pile up sessions.
      auto key = jwt_key();
      if (!key) {
        result.error = Error::storage("the token key cannot be read");
        return result;
      }
      result.token = hmac_sha256_hex(*key, "api-token:" + std::to_string(account.id) + ":" +
                                               std::to_string(account.credentials_changed_at))
                         .substr(0, kApiTokenBytes * 2);
    }
    s.kind = console ? store::SessionKind::kConsole : store::SessionKind::kApi;
    s.token_hash = sha256_hex(result.token);
    s.csrf_token = console ? random_hex(kCsrfBytes) : std::string();
    s.created_at = now;
    s.expires_at = now + ms(console ? policy_.session_idle : policy_.api_token_idle);
    s.address = address;
    s.user_agent = user_agent.substr(0, 300);
    batch.add(store::CreateSession{s, now - ms(policy_.session_max), 0});
  }
  batch.add(store::ClearSignInFailures{account.name});
  if (Status st = commit(store_, batch); !st) {
    result.error = st.error();
    return result;
  }
  if (credential == Credential::kJwt) {
    result.outcome = SignInResult::Outcome::kSignedIn;
    return result;
  }
  s.id = std::get<store::CreateSession>(batch.ops.front()).id;
  remember(s.token_hash, s);
  result.outcome = SignInResult::Outcome::kSignedIn;
  return result;
}

void AccountService::sign_in(std::string name, std::string password, std::string address, std::string user_agent,
                             SignInDone done, Credential credential) {
  boost::asio::post(password_thread_, [this, name = std::move(name), password = std::move(password),
                                       address = std::move(address), user_agent = std::move(user_agent),
                                       done = std::move(done), credential] {
    SignInResult result;
    const int64_t now = clock_.now_ms();
    auto failures = store_.sign_in_failures(name, address, now - ms(policy_.failure_window));
    if (!failures) {
      result.error = failures.error();
      return done(std::move(result));
    }
    if (failures->by_account >= policy_.max_failures_per_account ||
        failures->by_address >= policy_.max_failures_per_address) {
      result.outcome = SignInResult::Outcome::kThrottled;
      result.retry_after = std::chrono::duration_cast<std::chrono::seconds>(policy_.failure_window);
      return done(std::move(result));
    }
    auto account = store_.account(name);
    if (!account) {
      result.error = account.error();
      return done(std::move(result));
    }
    const bool known = account->has_value() && !(*account)->disabled_at;
    const bool matches = verify_password(known ? (*account)->password_hash : decoy_hash(), password);
    if (known && matches) return done(open_session(**account, address, user_agent, credential));
    store::WriteBatch batch;
    batch.add(store::RecordSignInFailure{name, address, now, now - ms(policy_.failure_window)});
    if (Status s = commit(store_, batch); !s) {
      result.error = s.error();
      return done(std::move(result));
    }
    result.outcome = SignInResult::Outcome::kRefused;
    result.error = Error::invalid("wrong name or password");
    done(std::move(result));
  });
}

void AccountService::basic_account(std::string name, std::string password, std::string address,
                                   std::function<void(std::optional<store::AccountRow>)> done) {
  // Keyed by a hash salted with the JWT key, so the map never holds a password.
  const std::string pair_hash = sha256_hex(jwt_key().value_or("") + '\0' + name + '\0' + password);
  const int64_t now = clock_.now_ms();
  {
    std::lock_guard lock(mutex_);
    if (auto it = basic_pairs_.find(pair_hash); it != basic_pairs_.end() && it->second.until_ms > now)
      return done(it->second.account);
  }
  sign_in(std::move(name), std::move(password), std::move(address), "",
          [this, pair_hash, done = std::move(done)](SignInResult result) {
            if (result.outcome != SignInResult::Outcome::kSignedIn) return done(std::nullopt);
            {
              std::lock_guard lock(mutex_);
              if (basic_pairs_.size() >= kMaxCachedSessions) basic_pairs_.clear();
              basic_pairs_[pair_hash] = {result.session.account, clock_.now_ms() + kBasicPairLifeMs};
            }
            done(result.session.account);
          },
          Credential::kVerifyOnly);
}

std::optional<std::string> AccountService::jwt_key() {
  {
    std::lock_guard lock(mutex_);
    if (!jwt_key_.empty()) return jwt_key_;
  }
  auto key = store_.server_secret(kJwtKeySecret);
  if (key && !*key) {  // the first: any node may write it, the first write stays
    store::WriteBatch batch;
    batch.add(store::AddServerSecret{kJwtKeySecret, random_hex(32)});
    if (!commit(store_, batch)) return std::nullopt;
    key = store_.server_secret(kJwtKeySecret);
  }
  if (!key || !*key) return std::nullopt;
  std::lock_guard lock(mutex_);
  jwt_key_ = **key;
  return jwt_key_;
}

std::optional<store::AccountRow> AccountService::jwt_account(std::string_view token) {
  auto key = jwt_key();
  if (!key) return std::nullopt;
  auto claims = verify_jwt(token, *key);
  if (!claims || claims->expires_at * 1000 <= clock_.now_ms()) return std::nullopt;
  auto account = store_.account(claims->username);
  if (!account || !*account) return std::nullopt;
  const store::AccountRow& a = **account;
  // Ending the account's sessions (a new password, disabling) ends it too.
  if (a.id != claims->user_id || a.disabled_at || a.credentials_changed_at > claims->issued_at_ms) return std::nullopt;
  return a;
}

void AccountService::set_up(std::string code, std::string name, std::string password, std::string address,
                            std::string user_agent, SignInDone done) {
  boost::asio::post(password_thread_, [this, code = std::move(code), name = std::move(name),
                                       password = std::move(password), address = std::move(address),
                                       user_agent = std::move(user_agent), done = std::move(done)] {
    SignInResult result;
    Status valid = check_name(name);
    if (valid) valid = check_password(password);
    if (!valid) {
      result.error = valid.error();
      return done(std::move(result));
    }
    const int64_t now = clock_.now_ms();
    // Guessing setup codes is throttled like passwords, per address.
    auto failures = store_.sign_in_failures("", address, now - ms(policy_.failure_window));
    if (failures && failures->by_address >= policy_.max_failures_per_address) {
      result.outcome = SignInResult::Outcome::kThrottled;
      result.retry_after = std::chrono::duration_cast<std::chrono::seconds>(policy_.failure_window);
      return done(std::move(result));
    }
    std::optional<std::string> hash = hash_password(password);
    if (!hash) {
      result.error = Error::storage("cannot hash the password");
      return done(std::move(result));
    }
    store::WriteBatch batch;
    batch.add(store::CreateAccount{name, store::Role::kAdmin, *hash, now, sha256_hex(normalised_code(code)), 0});
    if (Status s = commit(store_, batch); !s) {
      if (s.error().kind == Error::Kind::kNotFound) {
        store::WriteBatch failed;
        failed.add(store::RecordSignInFailure{"", address, now, now - ms(policy_.failure_window)});
        (void)commit(store_, failed);
        result.outcome = SignInResult::Outcome::kRefused;
      }
      result.error = s.error();
      return done(std::move(result));
    }
    auto account = store_.account(name);
    if (!account || !*account) {
      result.error = account ? Error::storage("the new account cannot be read") : account.error();
      return done(std::move(result));
    }
    done(open_session(**account, address, user_agent));
  });
}

void AccountService::sign_out(std::string_view token, std::function<void(Status)> done) {
  const std::string hash = sha256_hex(token);
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(hash);
  }
  store::WriteBatch batch;
  batch.add(store::RevokeSessions{hash, std::nullopt, clock_.now_ms(), 0});
  store_.submit(std::move(batch), [done = std::move(done)](Status s, store::WriteBatch&) { done(s); });
}

Result<int64_t> AccountService::create_now(store::Store& store, std::string name, store::Role role,
                                           const std::string& password) {
  if (Status s = check_name(name); !s) return s.error();
  if (Status s = check_password(password); !s) return s.error();
  std::optional<std::string> hash = hash_password(password);
  if (!hash) return Error::storage("cannot hash the password");
  store::WriteBatch batch;
  batch.add(store::CreateAccount{std::move(name), role, *hash, now_ms(), std::nullopt, 0});
  if (Status s = commit(store, batch); !s) return s.error();
  return std::get<store::CreateAccount>(batch.ops.front()).id;
}

Result<bool> AccountService::update_now(store::Store& store, store::UpdateAccount change,
                                        const std::optional<std::string>& password) {
  if (password) {
    if (Status s = check_password(*password); !s) return s.error();
    change.password_hash = hash_password(*password);
    if (!change.password_hash) return Error::storage("cannot hash the password");
  }
  change.now = now_ms();
  store::WriteBatch batch;
  batch.add(std::move(change));
  if (Status s = commit(store, batch); !s) return s.error();
  return std::get<store::UpdateAccount>(batch.ops.front()).found;
}

void AccountService::create(std::string name, store::Role role, std::string password,
                            std::function<void(Result<int64_t>)> done) {
  boost::asio::post(password_thread_, [this, name = std::move(name), role, password = std::move(password),
                                       done = std::move(done)]() mutable {
    done(create_now(store_, std::move(name), role, password));
  });
}

void AccountService::update(store::UpdateAccount change, std::optional<std::string> password,
                            std::function<void(Result<bool>)> done) {
  boost::asio::post(password_thread_, [this, change = std::move(change), password = std::move(password),
                                       done = std::move(done)]() mutable {
    Result<bool> found = update_now(store_, std::move(change), password);
    forget_credentials();
    done(std::move(found));
  });
}

void AccountService::revoke_sessions(int64_t account_id, std::function<void(Result<int>)> done) {
  store::WriteBatch batch;
  batch.add(store::RevokeSessions{std::nullopt, account_id, clock_.now_ms(), 0});
  store_.submit(std::move(batch), [this, done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s) return done(s.error());
    forget_credentials();
    done(std::get<store::RevokeSessions>(b.ops.front()).revoked);
  });
}

}  // namespace zkpush::service
