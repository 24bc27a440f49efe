#include "api/api_router.h"

#include <spdlog/spdlog.h>

#include "api/biotime/biotime_responses.h"
#include "api/biotime/biotime_routes.h"
#include "api/browser_session.h"
#include "api/responses.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "store/record_names.h"
#include "util/clock.h"
#include "util/json_text.h"

namespace zkpush::api {

namespace {

constexpr std::size_t kAuditDetailLimit = 2000;

// The body as it goes into the audit log: secrets masked, bounded.
std::string audit_detail(const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    for (const char* secret : {"secret", "password", "current_password", "token", "code"})
      if (parsed.contains(secret)) parsed[secret] = "***";
    return json_text(parsed).substr(0, kAuditDetailLimit);
  }
  return body.empty() ? std::string() : "(" + std::to_string(body.size()) + " bytes)";
}

// The credential after `scheme` in the Authorization header ("Bearer",
// or BioTime's "Token" and "JWT"), or empty.
std::string_view credential(const http::Request& request, std::string_view scheme) {
  std::string_view value = protocol::trim(request.header("Authorization"));
  if (value.size() <= scheme.size() || !protocol::istarts_with(value, scheme) || value[scheme.size()] != ' ')
    return {};
  return protocol::trim(value.substr(scheme.size() + 1));
}

service::Principal principal_of(const store::AccountRow& account) {
  return service::Principal{0, account.id, account.name, store::scope_of(account.role)};
}

}  // namespace

ApiRouter::ApiRouter(ApiContext context) : context_(context) {
  add_access_routes(routes_, context_);
  add_device_routes(routes_, context_);
  add_record_routes(routes_, context_);
  add_command_routes(routes_, context_);
  add_door_routes(routes_, context_);
  add_access_right_routes(routes_, context_);
  add_person_routes(routes_, context_);
  add_event_routes(routes_, context_);
  add_connector_routes(routes_, context_);
  add_admission_routes(routes_, context_);
  add_canteen_routes(routes_, context_);
  add_file_routes(routes_, context_);
  add_account_routes(routes_, context_);
  add_overview_routes(routes_, context_);
  add_sync_grid_routes(routes_, context_);
  add_biotime_auth_routes(routes_, context_);
  add_biotime_iclock_routes(routes_, context_);
  add_biotime_personnel_routes(routes_, context_);
}

http::BodyClass ApiRouter::body_class(std::string_view method, std::string_view target) const {
  const bool file_upload = method == "PUT" && target.starts_with(kFilesPath) && target.size() > kFilesPath.size() &&
                           target[kFilesPath.size()] == '/';
  return file_upload ? http::BodyClass::kLarge : http::BodyClass::kSmall;
}

void ApiRouter::handle(const http::Request& request, http::Responder respond) {
  if (auto file = console_.serve(request)) return respond(std::move(*file));
  const std::vector<std::string> segments = path_segments(request.path);
  const Route* route = nullptr;
  std::vector<std::string> params;
  switch (routes_.match(request.method, segments, route, params)) {
    case RouteTable::Match::kNoPath: return respond(error_response(404, "not found: " + request.path));
    case RouteTable::Match::kWrongMethod:
      if (is_biotime_path(request.path))
        return respond(biotime_detail(405, "Method \"" + request.method + "\" not allowed."));
      return respond(error_response(405, request.method + " is not allowed on " + request.path));
    case RouteTable::Match::kFound: break;
  }

  // A bearer token, BioTime's API token or JWT, else the console's session cookie.
  std::optional<service::Principal> who;
  std::optional<store::SessionRow> session;
  bool credential_refused = false;
  if (std::string_view token = credential(request, "Bearer"); !token.empty()) {
    who = context_.tokens.authenticate(token);
    credential_refused = !who;
  } else if (std::string_view api_token = credential(request, "Token"); !api_token.empty()) {
    if (auto api = context_.accounts.api_session(api_token)) who = principal_of(api->account);
    credential_refused = !who;
  } else if (std::string_view jwt = credential(request, "JWT"); !jwt.empty()) {
    if (auto account = context_.accounts.jwt_account(jwt)) who = principal_of(*account);
    credential_refused = !who;
  } else if (std::string_view basic = credential(request, "Basic"); !basic.empty() && is_biotime_route(*route)) {
    // BioTime's clients may send HTTP Basic on every request (its Go client
    // does): the password is verified off this thread, then the request goes on.
    auto pair = protocol::decode_base64(basic);
    const auto colon = pair ? pair->find(':') : std::string::npos;
    if (colon == std::string::npos)
      return respond(biotime_detail(401, "Invalid basic header. Credentials not correctly base64 encoded."));
    auto kept = std::make_shared<http::Request>(request);
    context_.accounts.basic_account(
        pair->substr(0, colon), pair->substr(colon + 1), request.remote_ip,
        [this, kept, route, params = std::move(params), respond = std::move(respond)](
            std::optional<store::AccountRow> account) mutable {
          std::optional<service::Principal> who;
          if (account) who = principal_of(*account);
          dispatch(*kept, *route, std::move(params), who, std::nullopt, !who, std::move(respond));
        });
    return;
  } else if (std::string_view cookie = session_cookie(request); !cookie.empty()) {
    session = context_.accounts.session(cookie);
    if (session) who = principal_of(session->account);
  }
  dispatch(request, *route, std::move(params), std::move(who), std::move(session), credential_refused,
           std::move(respond));
}

void ApiRouter::dispatch(const http::Request& request, const Route& route_ref, std::vector<std::string> params,
                         std::optional<service::Principal> who, std::optional<store::SessionRow> session,
                         bool credential_refused, http::Responder respond) {
  const Route* route = &route_ref;
  const bool biotime = is_biotime_route(*route);
  const bool changes = request.method != "GET" && request.method != "HEAD";
  if (session && changes && !carries_csrf_token(request, session->csrf_token))
    return respond(error_response(403, "a change from the console needs its anti-forgery token (" +
                                           std::string(kCsrfHeader) + ") from the same origin"));
  if (route->scope) {
    if (!who && biotime) {
      http::Response r = biotime_detail(401, credential_refused ? "Invalid token."
                                                                : "Authentication credentials were not provided.");
      r.headers.emplace_back("WWW-Authenticate", "Token");
      return respond(std::move(r));
    }
    if (!who) {
      http::Response r = error_response(401, "a valid API token is needed: Authorization: Bearer <token>");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return respond(std::move(r));
    }
    if (!who->allows(*route->scope) && biotime)
      return respond(biotime_detail(403, "You do not have permission to perform this action."));
    if (!who->allows(*route->scope))
      return respond(error_response(403, "this " + std::string(session ? "role" : "token's scope") + " (" +
                                             std::string(session ? store::role_name(session->account.role)
                                                                 : store::scope_name(who->scope)) +
                                             ") does not allow " + request.method + " " + route->pattern));
  }
  service::Principal principal = who.value_or(service::Principal{});

  if (changes) {
    // Audited: the entry is committed before the answer goes out.
    store::AuditRow entry;
    entry.token_id = principal.token_id ? std::optional<int64_t>(principal.token_id) : std::nullopt;
    entry.account_id = principal.account_id ? std::optional<int64_t>(principal.account_id) : std::nullopt;
    entry.token_name = principal.name;
    entry.method = request.method;
    entry.path = request.target;
    entry.detail = audit_detail(request.body);
    respond = [store = &context_.store, entry = std::move(entry), inner = std::move(respond)](http::Response r) mutable {
      entry.at = now_ms();
      entry.status = r.status;
      store::WriteBatch batch;
      batch.add(store::AppendAudit{std::move(entry)});
      store->submit(std::move(batch), [inner = std::move(inner), r = std::move(r)](Status s, store::WriteBatch&) mutable {
        if (!s) spdlog::error("api: cannot write the audit log: {}", s.error().message);
        inner(std::move(r));
      });
    };
  }

  ApiCall call{request, std::move(params), protocol::Query::parse(request.query), std::move(principal),
               std::move(respond)};
  try {
    route->handler(call);
  } catch (const std::exception& e) {  // nlohmann::json throws on type mismatches
    spdlog::error("api {} {}: {}", request.method, request.path, e.what());
    call.respond(error_response(500, "internal error"));
  }
}

}  // namespace zkpush::api
