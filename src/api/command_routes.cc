// Commands: queued raw (the protocol text) or typed (JSON fields, see
// typed_commands.h and docs/commands.md), for one terminal or for every
// terminal of a device group; their state; a summary.

#include <spdlog/spdlog.h>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/request_bodies.h"
#include "api/responses.h"
#include "api/typed_commands.h"
#include "protocol/text.h"

namespace zkpush::api {

using store::Scope;

namespace {

// Commands that read or change more than attendance data: only an admin
// token may queue them (issue: SHELL, GetFile, PutFile, UPGRADE, CLEAR DATA).
bool needs_admin(std::string_view command) {
  command = protocol::trim(command);
  for (std::string_view prefix : {"SHELL", "GetFile", "PutFile", "UPGRADE", "CLEAR DATA"})
    if (protocol::istarts_with(command, prefix)) return true;
  return false;
}

// The "command" string of the body; nullopt (and an error sent) otherwise.
std::optional<std::string> command_text(ApiCall& call) {
  auto parsed = parse_command_body(call.request.body);
  if (!parsed) {
    call.respond(error_response(parsed.error()));
    return std::nullopt;
  }
  std::string command = std::move(*parsed);
  if (needs_admin(command) && !call.principal.allows(Scope::kAdmin)) {
    call.respond(error_response(403, "command: " + std::string(protocol::trim(command).substr(0, 10)) +
                                         "... needs an admin token"));
    return std::nullopt;
  }
  return command;
}

// The text of a typed command from the call's body; nullopt (and 400 naming
// the field, 404 for an unknown kind, or 403) otherwise.
std::optional<std::string> typed_command_text(ApiCall& call, const std::string& kind, const std::string& target) {
  auto text = build_typed_command(kind, call.request.body);
  if (!text) {
    const bool unknown_kind = text.error().kind == Error::Kind::kNotFound;
    if (!unknown_kind) spdlog::info("api: {}: {} refused: {}", target, kind, text.error().message);
    call.respond(error_response(unknown_kind ? 404 : 400, text.error().message));
    return std::nullopt;
  }
  if (requires_admin(kind) && !call.principal.allows(Scope::kAdmin)) {
    call.respond(error_response(403, kind + " needs an admin token"));
    return std::nullopt;
  }
  return std::move(*text);
}

}  // namespace

void queue_command(ApiContext& c, const std::shared_ptr<service::Device>& device, std::string command,
                   http::Responder respond) {
  c.devices.commands().enqueue(device, std::move(command), [respond = std::move(respond)](Result<std::string> id) {
    if (!id) {
      const int status = id.error().kind == Error::Kind::kInvalidInput ? 400 : 503;
      return respond(error_response(status, "command: " + id.error().message));
    }
    respond(json_response(json{{"id", *id}, {"status", "queued"}}, 201));
  });
}

void queue_group_command(ApiContext& c, int64_t group, std::string command, http::Responder respond) {
  std::vector<std::shared_ptr<service::Device>> members;
  for (const auto& d : c.devices.registry().all())
    if (d->group_id() == group) members.push_back(d);
  if (members.empty()) return respond(error_response(404, "no terminal in group " + std::to_string(group)));
  struct Pending {
    json items = json::array();
    std::size_t left = 0;
    http::Responder respond;
    std::mutex mu;
  };
  auto pending = std::make_shared<Pending>();
  pending->left = members.size();
  pending->respond = std::move(respond);
  for (const auto& device : members) {
    c.devices.commands().enqueue(device, command, [pending, sn = device->sn()](Result<std::string> id) {
      std::lock_guard lock(pending->mu);
      pending->items.push_back(id ? json{{"sn", sn}, {"id", *id}, {"status", "queued"}}
                                  : json{{"sn", sn}, {"error", id.error().message}});
      if (--pending->left == 0) pending->respond(json_response(json{{"items", pending->items}}, 201));
    });
  }
}

void add_command_routes(RouteTable& routes, ApiContext& c) {
  routes.add("POST", "/api/v1/devices/{sn}/commands", Scope::kWrite,
             "Queue a command as protocol text: {\"command\": \"INFO\"} (SHELL, GetFile, PutFile, UPGRADE, CLEAR DATA: admin)",
             [&c](ApiCall& call) {
               auto device = c.devices.registry().find(call.param(0));
               if (!device) return call.respond(error_response(404, "no device with SN " + call.param(0)));
               if (auto command = command_text(call)) queue_command(c, device, std::move(*command), call.respond);
             });
  routes.add("POST", "/api/v1/device-groups/{id}/commands", Scope::kWrite,
             "Queue one command (protocol text) for every terminal of a group", [&c](ApiCall& call) {
               auto group = protocol::parse_int(call.param(0));
               if (!group) return call.respond(error_response(400, "id: a group id is required"));
               if (auto command = command_text(call)) queue_group_command(c, *group, std::move(*command), call.respond);
             });
  routes.add("POST", "/api/v1/devices/{sn}/commands/{kind}", Scope::kWrite,
             "Queue a typed command: JSON fields per kind (docs/commands.md)", [&c](ApiCall& call) {
               auto device = c.devices.registry().find(call.param(0));
               if (!device) return call.respond(error_response(404, "no device with SN " + call.param(0)));
               // Each dialect has its own commands: a panel refuses the attendance ones (-629).
               const bool panel_kind = protocol::istarts_with(call.param(1), "panel-");
               if (find_typed_command_kind(call.param(1)) && panel_kind != device->speaks_access())
                 return call.respond(error_response(
                     409, call.param(1) + ": " + call.param(0) +
                              (panel_kind ? " is no access panel" : " is an access panel: use the panel-* kinds")));
               if (auto command = typed_command_text(call, call.param(1), "device " + call.param(0)))
                 queue_command(c, device, std::move(*command), call.respond);
             });
  routes.add("POST", "/api/v1/device-groups/{id}/commands/{kind}", Scope::kWrite,
             "Queue one typed command for every terminal of a group", [&c](ApiCall& call) {
               auto group = protocol::parse_int(call.param(0));
               if (!group) return call.respond(error_response(400, "id: a group id is required"));
               if (auto command = typed_command_text(call, call.param(1), "group " + call.param(0)))
                 queue_group_command(c, *group, std::move(*command), call.respond);
             });
  routes.add("GET", "/api/v1/devices/{sn}/commands", Scope::kRead, "A terminal's commands, oldest first",
             [&c](ApiCall& call) {
               auto device = c.devices.registry().find(call.param(0));
               if (!device) return call.respond(error_response(404, "no device with SN " + call.param(0)));
               auto page = page_of(call.query, call.respond);
               if (!page) return;
               send_page(c.store.device_commands(device->id(), *page), page->limit, command_json,
                         [](const store::CommandRow& r) { return protocol::parse_int(r.id).value_or(0); }, call.respond);
             });
  routes.add("GET", "/api/v1/commands", Scope::kRead,
             "Commands of every terminal, newest first (?status=, ?before= the last id of the previous page, "
             "?limit=)",
             [&c](ApiCall& call) {
               std::optional<store::CommandStatus> status;
               if (auto text = call.query.get("status"); text && !text->empty()) {
                 for (auto s : {store::CommandStatus::kQueued, store::CommandStatus::kSent, store::CommandStatus::kDone,
                                store::CommandStatus::kFailed, store::CommandStatus::kExpired})
                   if (command_status_name(s) == *text) status = s;
                 if (!status) return call.respond(error_response(400, "status: queued, sent, done, failed or expired"));
               }
               auto page = page_of(call.query, call.respond);
               if (!page) return;
               auto before = protocol::parse_int(call.query.value_or("before", "0"));
               if (!before) return call.respond(error_response(400, "before: a command id"));
               auto rows = c.store.recent_commands({status, std::nullopt, *before, page->limit});
               if (!rows) return call.respond(error_response(rows.error()));
               json items = json::array();
               for (const auto& row : *rows) items.push_back(command_json(row));
               json next = nullptr;
               if (static_cast<int>(rows->size()) == page->limit && !rows->empty())
                 next = protocol::parse_int(rows->back().id).value_or(0);
               call.respond(json_response(json{{"items", std::move(items)}, {"next_before", std::move(next)}}));
             });
  routes.add("GET", "/api/v1/commands/summary", Scope::kRead, "How many commands are in each state",
             [&c](ApiCall& call) {
               auto counts = c.store.command_counts();
               if (!counts) return call.respond(error_response(counts.error()));
               call.respond(json_response(json{{"queued", counts->queued},
                                               {"sent", counts->sent},
                                               {"done", counts->done},
                                               {"failed", counts->failed},
                                               {"expired", counts->expired}}));
             });
  routes.add("GET", "/api/v1/commands/{id}", Scope::kRead, "One command: state, return code and message, reply",
             [&c](ApiCall& call) {
               auto row = c.store.command(call.param(0));
               if (!row) return call.respond(error_response(row.error()));
               if (!row->has_value()) return call.respond(error_response(404, "no command " + call.param(0)));
               json out = command_json(**row);
               if (auto outcome = door_outcome(c, **row)) out["door_outcome"] = std::move(*outcome);
               call.respond(json_response(out));
             });
}

}  // namespace zkpush::api
