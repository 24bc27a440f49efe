// The JSON API: authentication, scopes, the audit log, and dispatch to the
// routes (route_table.h) that the *_routes.cc files register:
//
//   access_routes.cc   health, tokens, audit log
//   device_routes.cc   devices, their settings, labels, groups, request log
//   record_routes.cc   attendance (JSON and CSV), operation log, photos, ...
//   command_routes.cc  commands: raw and typed, per device and per group
//   person_routes.cc   persons, biometrics, assignments
//   event_routes.cc    the event stream (SSE) and webhooks
//   admission_routes.cc  approving, blocking and binding terminals
//   canteen_routes.cc  canteen terminals: cards, credits, purchases, totals
//   file_routes.cc     files terminals download (PutFile, UPGRADE)
//
// Every route but health needs "Authorization: Bearer <token>", or the
// console's session cookie, with a scope at least the route's: 401 without a
// valid token or session, 403 when the scope is too small. A change made with
// the cookie must carry the session's anti-forgery token
// (browser_session.h), else 403. Every request that is not a GET is written
// to the audit log (who, what, when, the status) before it is answered.
//
//   account_routes.cc  the console's sign-in, first setup and accounts
//   overview_routes.cc the console's overview: counts and what needs attention
//   sync_grid_routes.cc  persons x terminals: synced, pending, failed; resending
//
// Errors are {"error": "..."} with a 4xx/5xx status.
//
// biotime/ answers BioTime's REST API (docs/biotime-api.md) beside it, with
// BioTime's credentials (Authorization: Token or JWT, from the console's
// accounts) and BioTime's error shapes ({"detail": "..."}).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "api/api_context.h"
#include "api/console_assets.h"
#include "api/route_table.h"
#include "http/message.h"

namespace zkpush::api {

class ApiRouter : public http::Handler {
 public:
  explicit ApiRouter(ApiContext context);
  void handle(const http::Request& request, http::Responder respond) override;
  // JSON bodies are small; a file put for terminals (firmware) may be as
  // large as a terminal's upload.
  http::BodyClass body_class(std::string_view method, std::string_view target) const override;

  const RouteTable& routes() const { return routes_; }

 private:
  // Runs the route for the caller `who` (nullopt: nobody signed in;
  // `credential_refused`: one was sent and refused): scopes, anti-forgery
  // check, audit log, the handler.
  void dispatch(const http::Request& request, const Route& route, std::vector<std::string> params,
                std::optional<service::Principal> who, std::optional<store::SessionRow> session,
                bool credential_refused, http::Responder respond);

  ApiContext context_;
  RouteTable routes_;
  ConsoleAssets console_;
};

// Each routes file registers its routes (see the file comment above).
void add_access_routes(RouteTable& routes, ApiContext& context);
void add_device_routes(RouteTable& routes, ApiContext& context);
void add_record_routes(RouteTable& routes, ApiContext& context);
void add_command_routes(RouteTable& routes, ApiContext& context);
void add_person_routes(RouteTable& routes, ApiContext& context);
void add_event_routes(RouteTable& routes, ApiContext& context);
void add_connector_routes(RouteTable& routes, ApiContext& context);
void add_admission_routes(RouteTable& routes, ApiContext& context);
void add_canteen_routes(RouteTable& routes, ApiContext& context);
void add_file_routes(RouteTable& routes, ApiContext& context);
void add_account_routes(RouteTable& routes, ApiContext& context);
void add_overview_routes(RouteTable& routes, ApiContext& context);
void add_sync_grid_routes(RouteTable& routes, ApiContext& context);
void add_door_routes(RouteTable& routes, ApiContext& context);
void add_access_right_routes(RouteTable& routes, ApiContext& context);

// For a door command (CONTROL DEVICE to an access panel): what the panel
// reported after it was sent, since an accepted command is not yet an opened
// door (door_routes.cc): {"confirmed", "events": [the panel's door events
// since], "state": [its doors' state, when reported since]}; nullopt for any
// other command.
std::optional<nlohmann::json> door_outcome(ApiContext& context, const store::CommandRow& command);

// Where files for terminals are put: PUT <kFilesPath>/{path} (file_routes.cc).
inline constexpr std::string_view kFilesPath = "/api/v1/files";

// Queues `command` for one terminal and answers 201 {"id", "status"}, or
// for every terminal of a group and answers 201 {"items": [...]}
// (command_routes.cc; the typed commands use them too).
void queue_command(ApiContext& context, const std::shared_ptr<service::Device>& device, std::string command,
                   http::Responder respond);
void queue_group_command(ApiContext& context, int64_t group, std::string command, http::Responder respond);

}  // namespace zkpush::api
