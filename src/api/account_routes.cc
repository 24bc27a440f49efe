// The console's people: signing in and out (a session cookie), creating the
// first administrator with the setup code, and the accounts administrators
// manage. Sign-in and setup need no credential; they are the way in.

#include <spdlog/spdlog.h>

#include "api/api_router.h"
#include "api/browser_session.h"
#include "api/json_views.h"
#include "api/responses.h"
#include "store/record_names.h"
#include "util/crypto.h"

namespace zkpush::api {

using store::Scope;

namespace {

json account_json(const store::AccountRow& a) {
  return json{{"id", a.id},
              {"name", a.name},
              {"role", store::role_name(a.role)},
              {"created_at", iso_time(a.created_at)},
              {"password_changed_at", iso_time(a.password_changed_at)},
              {"disabled", a.disabled_at.has_value()}};
}

// What the console needs to know about its own session.
json session_json(const store::SessionRow& s) {
  return json{{"name", s.account.name},
              {"role", store::role_name(s.account.role)},
              {"scope", store::scope_name(store::scope_of(s.account.role))},
              {"csrf_token", s.csrf_token},
              {"expires_at", iso_time(s.expires_at)}};
}

// A string member of `body`, or nullopt with a 400 sent.
std::optional<std::string> required_string(const json& body, const char* name, const http::Responder& respond) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    respond(error_response(400, std::string(name) + ": a string is required"));
    return std::nullopt;
  }
  return it->get<std::string>();
}

// Sign-in and setup come from the console's own page: same origin, and a
// JSON body (a cross-site form cannot send one without a preflight).
bool from_console_page(ApiCall& call) {
  if (!same_origin(call.request) ||
      !call.request.header("Content-Type").starts_with("application/json")) {
    call.respond(error_response(403, "sign-in is accepted from the console's own page only (same origin, JSON)"));
    return false;
  }
  return true;
}

// The string members `names` of a JSON body from the console's own page, in
// that order; nullopt (and the answer sent) otherwise.
std::optional<std::vector<std::string>> console_form(ApiCall& call, std::initializer_list<const char*> names) {
  if (!from_console_page(call)) return std::nullopt;
  auto body = json_body(call.request.body, call.respond);
  if (!body) return std::nullopt;
  std::vector<std::string> values;
  for (const char* name : names) {
    auto value = required_string(*body, name, call.respond);
    if (!value) return std::nullopt;
    values.push_back(std::move(*value));
  }
  return values;
}

// The answer to a sign-in or setup attempt, on the password thread.
http::Response signed_in_response(const service::SignInResult& result, ApiContext& c, int status_ok) {
  using Outcome = service::SignInResult::Outcome;
  switch (result.outcome) {
    case Outcome::kSignedIn: {
      http::Response r = json_response(session_json(result.session), status_ok);
      const long max_age = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                                 service::AccountPolicy{}.session_max).count());
      r.headers.emplace_back("Set-Cookie", session_cookie_header(result.token, max_age, c.secure_cookies));
      return r;
    }
    case Outcome::kRefused: return error_response(401, result.error.message);
    case Outcome::kThrottled: {
      http::Response r = error_response(429, "too many failed attempts: try again later");
      r.headers.emplace_back("Retry-After", std::to_string(result.retry_after.count()));
      return r;
    }
    case Outcome::kFailed: break;
  }
  return error_response(result.error);
}

}  // namespace

void add_account_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/session", std::nullopt,
             "The console session of this browser (name, role, anti-forgery token), or 401",
             [&c](ApiCall& call) {
               auto session = c.accounts.session(session_cookie(call.request));
               if (!session) return call.respond(error_response(401, "not signed in"));
               call.respond(json_response(session_json(*session)));
             });

  routes.add("POST", "/api/v1/session", std::nullopt,
             "Sign in to the console with {name, password}: sets the session cookie", [&c](ApiCall& call) {
               auto form = console_form(call, {"name", "password"});
               if (!form) return;
               const std::string& name = (*form)[0];
               const std::string address = call.request.remote_ip;
               c.accounts.sign_in(name, (*form)[1], address, std::string(call.request.header("User-Agent")),
                                  [&c, respond = call.respond, name, address](service::SignInResult r) {
                                    if (r.outcome != service::SignInResult::Outcome::kSignedIn)
                                      spdlog::warn("console: sign-in as '{}' from {} refused", name, address);
                                    respond(signed_in_response(r, c, 200));
                                  });
             });

  routes.add("DELETE", "/api/v1/session", std::nullopt, "Sign out: ends this browser's session",
             [&c](ApiCall& call) {
               std::string_view cookie = session_cookie(call.request);
               if (!call.principal.account_id || cookie.empty())
                 return call.respond(error_response(401, "not signed in"));
               c.accounts.sign_out(cookie, [&c, respond = call.respond](Status s) {
                 if (!s) return respond(error_response(s.error()));
                 http::Response r;
                 r.status = 204;
                 r.headers.emplace_back("Set-Cookie", session_cookie_header("", 0, c.secure_cookies));
                 respond(std::move(r));
               });
             });

  routes.add("GET", "/api/v1/setup", std::nullopt,
             "Whether the first administrator is still to be created: {\"needed\": true|false}",
             [&c](ApiCall& call) {
               auto needed = c.accounts.setup_needed();
               if (!needed) return call.respond(error_response(needed.error()));
               call.respond(json_response(json{{"needed", *needed}}));
             });

  routes.add("POST", "/api/v1/setup", std::nullopt,
             "Create the first administrator with the setup code from the server's log: {code, name, password}",
             [&c](ApiCall& call) {
               auto form = console_form(call, {"code", "name", "password"});
               if (!form) return;
               c.accounts.set_up((*form)[0], (*form)[1], (*form)[2], call.request.remote_ip,
                                 std::string(call.request.header("User-Agent")),
                                 [&c, respond = call.respond](service::SignInResult r) {
                                   if (r.outcome == service::SignInResult::Outcome::kSignedIn)
                                     spdlog::info("console: first administrator '{}' created", r.session.account.name);
                                   respond(signed_in_response(r, c, 201));
                                 });
             });

  routes.add("GET", "/api/v1/accounts", Scope::kAdmin, "List the console's accounts", [&c](ApiCall& call) {
    auto accounts = c.store.accounts();
    if (!accounts) return call.respond(error_response(accounts.error()));
    json items = json::array();
    for (const auto& a : *accounts) items.push_back(account_json(a));
    call.respond(json_response(json{{"items", std::move(items)}}));
  });

  routes.add("POST", "/api/v1/accounts", Scope::kAdmin, "Create an account: {name, role, password}",
             [&c](ApiCall& call) {
               auto body = json_body(call.request.body, call.respond);
               if (!body) return;
               auto name = required_string(*body, "name", call.respond);
               if (!name) return;
               auto password = required_string(*body, "password", call.respond);
               if (!password) return;
               auto role = store::role_from_name(body->value("role", std::string("viewer")));
               if (!role) return call.respond(error_response(400, "role: one of viewer, operator, admin"));
               if (Status s = service::AccountService::check_name(*name); !s)
                 return call.respond(error_response(400, "name: " + s.error().message));
               if (Status s = service::AccountService::check_password(*password); !s)
                 return call.respond(error_response(400, "password: " + s.error().message));
               c.accounts.create(*name, *role, *password,
                                 [respond = call.respond, name = *name, role = *role](Result<int64_t> id) {
                                   if (!id && id.error().kind == Error::Kind::kConflict)
                                     return respond(error_response(409, "name: an account '" + name + "' exists"));
                                   if (!id) return respond(error_response(id.error()));
                                   respond(json_response(
                                       json{{"id", *id}, {"name", name}, {"role", store::role_name(role)}}, 201));
                                 });
             });

  routes.add("PATCH", "/api/v1/accounts/{name}", Scope::kAdmin,
             "Change an account's role, password or disabled state (a new password or disabling ends its "
             "sessions)",
             [&c](ApiCall& call) {
               auto body = json_body(call.request.body, call.respond);
               if (!body) return;
               store::UpdateAccount change;
               change.name = call.param(0);
               if (body->contains("role")) {
                 auto role = (*body)["role"].is_string()
                                 ? store::role_from_name((*body)["role"].get<std::string>())
                                 : std::nullopt;
                 if (!role) return call.respond(error_response(400, "role: one of viewer, operator, admin"));
                 change.role = role;
               }
               if (body->contains("disabled")) {
                 if (!(*body)["disabled"].is_boolean())
                   return call.respond(error_response(400, "disabled: true or false"));
                 change.disabled = (*body)["disabled"].get<bool>();
               }
               std::optional<std::string> password;
               if (body->contains("password")) {
                 password = required_string(*body, "password", call.respond);
                 if (!password) return;
                 if (Status s = service::AccountService::check_password(*password); !s)
                   return call.respond(error_response(400, "password: " + s.error().message));
               }
               // Changing one's own password keeps one's own session.
               if (call.principal.account_id) change.keep_session = sha256_hex(session_cookie(call.request));
               c.accounts.update(std::move(change), std::move(password),
                                 [&c, respond = call.respond, name = call.param(0)](Result<bool> found) {
                                   if (!found) return respond(error_response(found.error()));
                                   if (!*found) return respond(error_response(404, "no account '" + name + "'"));
                                   auto row = c.store.account(name);
                                   if (!row || !*row) return respond(error_response(404, "no account '" + name + "'"));
                                   respond(json_response(account_json(**row)));
                                 });
             });

  routes.add("DELETE", "/api/v1/accounts/{name}/sessions", Scope::kAdmin, "End every session of an account",
             [&c](ApiCall& call) {
               auto row = c.store.account(call.param(0));
               if (!row) return call.respond(error_response(row.error()));
               if (!*row) return call.respond(error_response(404, "no account '" + call.param(0) + "'"));
               c.accounts.revoke_sessions((*row)->id, [respond = call.respond](Result<int> revoked) {
                 if (!revoked) return respond(error_response(revoked.error()));
                 respond(json_response(json{{"revoked", *revoked}}));
               });
             });
}

}  // namespace zkpush::api
