// Signing in as BioTime's clients do: a console account's name and password
// (JSON or a form, as clients send either) for an API token
// (`Authorization: Token <40 hex>`, lives while it is used) or a JWT
// (`Authorization: JWT <token>`, expires). Failed attempts count towards the
// console's sign-in throttle.

#include <spdlog/spdlog.h>

#include "api/biotime/biotime_responses.h"
#include "api/biotime/biotime_routes.h"
#include "api/responses.h"
#include "protocol/text.h"

namespace zkpush::api {

namespace {

struct Credentials {
  std::string username, password;
};

// From a JSON object or a form (x-www-form-urlencoded); nullopt (and the
// field's error sent) when one is missing.
std::optional<Credentials> credentials_of(ApiCall& call) {
  Credentials c;
  const bool json_body = protocol::istarts_with(call.request.header("Content-Type"), "application/json");
  if (json_body) {
    const json body = json::parse(call.request.body, nullptr, false);
    if (body.is_object()) {
      if (auto it = body.find("username"); it != body.end() && it->is_string()) c.username = it->get<std::string>();
      if (auto it = body.find("password"); it != body.end() && it->is_string()) c.password = it->get<std::string>();
    }
  } else {
    const protocol::Query form = form_query(call.request.body);
    c.username = std::string(form.value_or("username", ""));
    c.password = std::string(form.value_or("password", ""));
  }
  for (auto [field, value] : {std::pair{"username", &c.username}, std::pair{"password", &c.password}}) {
    if (value->empty()) {
      call.respond(biotime_field_error(400, field, "This field is required."));
      return std::nullopt;
    }
  }
  return c;
}

RouteHandler sign_in(ApiContext& c, service::Credential credential) {
  return [&c, credential](ApiCall& call) {
    auto given = credentials_of(call);
    if (!given) return;
    const std::string address = call.request.remote_ip;
    c.accounts.sign_in(
        given->username, given->password, address, std::string(call.request.header("User-Agent")),
        [respond = call.respond, name = given->username, address](service::SignInResult r) {
          using Outcome = service::SignInResult::Outcome;
          switch (r.outcome) {
            case Outcome::kSignedIn: return respond(json_response(json{{"token", r.token}}));
            case Outcome::kRefused:
              spdlog::warn("api: BioTime sign-in as '{}' from {} refused", name, address);
              return respond(json_response(
                  json{{"non_field_errors", json::array({"Unable to log in with provided credentials."})}}, 400));
            case Outcome::kThrottled: {
              http::Response t = biotime_detail(429, "Request was throttled. Expected available in " +
                                                         std::to_string(r.retry_after.count()) + " seconds.");
              t.headers.emplace_back("Retry-After", std::to_string(r.retry_after.count()));
              return respond(std::move(t));
            }
            case Outcome::kFailed: break;
          }
          respond(biotime_detail(503, r.error.message));
        },
        credential);
  };
}

}  // namespace

void add_biotime_auth_routes(RouteTable& routes, ApiContext& c) {
  routes.add("POST", "/api-token-auth", std::nullopt,
             "BioTime: an API token for {username, password} (Authorization: Token <token>)",
             sign_in(c, service::Credential::kApiToken));
  routes.add("POST", "/jwt-api-token-auth", std::nullopt,
             "BioTime: a JWT for {username, password} (Authorization: JWT <token>)",
             sign_in(c, service::Credential::kJwt));
}

}  // namespace zkpush::api
