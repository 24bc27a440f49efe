// Devices: the list with online state, one device, its label and group, its
// handshake settings, its recent requests; device groups.

#include "api/admin_views.h"
#include "api/api_router.h"
#include "api/device_list.h"
#include "api/json_views.h"
#include "api/request_bodies.h"
#include "api/responses.h"
#include "protocol/text.h"
#include "service/punch_direction.h"
#include "util/clock.h"

namespace zkpush::api {

using store::Scope;

namespace {

// The device named by the call's first parameter, or a 404 sent.
std::shared_ptr<service::Device> device_of(ApiContext& c, ApiCall& call) {
  auto device = c.devices.registry().find(call.param(0));
  if (!device) call.respond(error_response(404, "no device with SN " + call.param(0)));
  return device;
}

// A device as the API shows it, with its queued commands counted in the store.
void respond_with_device(ApiContext& c, const service::Device& device, const http::Responder& respond) {
  auto queued = c.store.queued_counts();
  if (!queued) return respond(error_response(queued.error()));
  respond(json_response(device_view(c, device, now_ms(), *queued)));
}

void get_device(ApiContext& c, ApiCall& call) {
  if (auto device = device_of(c, call)) respond_with_device(c, *device, call.respond);
}

// The name, group_id and punch_direction of a PATCH body; nullopt (and a 400
// sent) when bad.
std::optional<store::SetDeviceLabel> label_of(const json& body, store::DeviceId device, const http::Responder& respond) {
  store::SetDeviceLabel label{device, {}, {}};
  if (body.contains("name")) {
    if (!body["name"].is_string()) {
      respond(error_response(400, "name: a string is required"));
      return std::nullopt;
    }
    label.name = body["name"].get<std::string>();
  }
  if (body.contains("group_id")) {
    const json& g = body["group_id"];
    if (g.is_null()) {
      label.group_id = std::optional<int64_t>();
    } else if (g.is_number_integer()) {
      label.group_id = std::optional<int64_t>(g.get<int64_t>());
    } else {
      respond(error_response(400, "group_id: a group id or null is required"));
      return std::nullopt;
    }
  }
  if (body.contains("punch_direction")) {
    const json& d = body["punch_direction"];
    auto rule = d.is_string() ? service::parse_punch_direction(d.get<std::string>()) : std::nullopt;
    if (!rule) {
      respond(error_response(400, "punch_direction: \"status\", \"in\", \"out\" or \"status:0=in,1=out,...\""));
      return std::nullopt;
    }
    label.punch_direction = service::format_punch_direction(*rule);
  }
  return label;
}

void label_device(ApiContext& c, ApiCall& call) {
  auto device = device_of(c, call);
  if (!device) return;
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  auto label = label_of(*body, device->id(), call.respond);
  if (!label) return;
  c.devices.set_label(device, std::move(*label), [&c, device, respond = call.respond](Status s) {
    if (!s)
      return respond(error_response(
          s.error().kind == Error::Kind::kMissingReference ? Error::invalid("group_id: no such group") : s.error()));
    respond_with_device(c, *device, respond);
  });
}

void put_device_settings(ApiContext& c, ApiCall& call) {
  auto device = device_of(c, call);
  if (!device) return;
  auto values = parse_settings_body(call.request.body);
  if (!values) return call.respond(error_response(values.error()));
  c.devices.set_settings(device, std::move(*values), [device, respond = call.respond](Status s) {
    if (!s) return respond(error_response(s.error()));
    respond(json_response(json{{"settings", device->snapshot().settings}}));
  });
}

void get_server_settings(ApiContext& c, ApiCall& call) {
  const auto& config = c.devices.config();
  json defaults = json::object(), effective = json::object(), server = json::object();
  for (const auto& [k, v] : config.handshake_defaults) defaults[k] = effective[k] = v;
  for (const auto& [k, v] : config.server_settings->all()) server[k] = effective[k] = v;
  call.respond(json_response(json{{"defaults", defaults}, {"server", server}, {"effective", effective}}));
}

// A PUT /settings body: option names to single-line values, null for the
// default (stored as ""); nullopt (and a 400 sent) when bad.
std::optional<std::map<std::string, std::string>> server_settings_of(const json& body, const http::Responder& respond) {
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : body.items()) {
    if (value.is_null()) values[key] = "";
    else if (value.is_string()) values[key] = value.get<std::string>();
    else if (value.is_number_integer()) values[key] = std::to_string(value.get<long long>());
    else {
      respond(error_response(400, key + ": a string, an integer or null is required"));
      return std::nullopt;
    }
    if (key.empty() || key.find_first_of("=\r\n\t ") != std::string::npos ||
        values[key].find_first_of("\r\n") != std::string::npos) {
      respond(error_response(400, key + ": a single-line option"));
      return std::nullopt;
    }
  }
  return values;
}

void put_server_settings(ApiContext& c, ApiCall& call) {
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  auto values = server_settings_of(*body, call.respond);
  if (!values) return;
  c.devices.set_server_settings(std::move(*values), [&c, respond = call.respond](Status s) {
    if (!s) return respond(error_response(s.error()));
    respond(json_response(json{{"server", c.devices.config().server_settings->all()}}));
  });
}

void device_requests(ApiContext& c, ApiCall& call) {
  auto device = device_of(c, call);
  if (!device) return;
  json items = json::array();
  for (const auto& entry : device->recent_requests()) items.push_back(request_log_json(entry));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

void list_groups(ApiContext& c, ApiCall& call) {
  auto groups = c.store.groups();
  if (!groups) return call.respond(error_response(groups.error()));
  json items = json::array();
  for (const auto& g : *groups) items.push_back(group_json(g));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

// Creates (id 0) or updates a group from the call's body.
void save_group(ApiContext& c, ApiCall& call, int64_t id) {
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  auto name = body->find("name");
  if (name == body->end() || !name->is_string() || name->get<std::string>().empty())
    return call.respond(error_response(400, "name: a non-empty string is required"));
  auto propagate = body->value("propagate_enrolments", true);
  auto answer = [id, respond = call.respond](Result<std::optional<store::GroupRow>> saved) {
    if (!saved) {
      if (saved.error().kind == Error::Kind::kConflict)
        return respond(error_response(409, "name: a group with this name exists"));
      return respond(error_response(saved.error()));
    }
    if (!*saved) return respond(error_response(404, "no group " + std::to_string(id)));
    respond(json_response(group_json(**saved), id == 0 ? 201 : 200));
  };
  c.devices.save_group(id, name->get<std::string>(), propagate, std::move(answer));
}

void create_group(ApiContext& c, ApiCall& call) { save_group(c, call, 0); }

void update_group(ApiContext& c, ApiCall& call) {
  auto id = protocol::parse_int(call.param(0));
  if (!id || *id <= 0) return call.respond(error_response(400, "id: a group id is required"));
  save_group(c, call, *id);
}

void delete_group(ApiContext& c, ApiCall& call) {
  auto id = protocol::parse_int(call.param(0));
  if (!id) return call.respond(error_response(400, "id: a group id is required"));
  c.devices.delete_group(*id, [id = *id, respond = call.respond](Status s, bool found) {
    if (!s) return respond(error_response(s.error()));
    if (!found) return respond(error_response(404, "no group " + std::to_string(id)));
    respond(json_response(json{{"id", id}, {"deleted", true}}));
  });
}

}  // namespace

void add_device_routes(RouteTable& routes, ApiContext& c) {
  using Handler = void (*)(ApiContext&, ApiCall&);
  auto add = [&](const char* method, const char* pattern, Scope scope, const char* summary, Handler handler) {
    routes.add(method, pattern, scope, summary, [&c, handler](ApiCall& call) { handler(c, call); });
  };
  add("GET", "/api/v1/devices", Scope::kRead,
      "Every terminal, with online state (?group=, ?online=, ?status=pending|approved|blocked); with ?limit=, "
      "a page ({items, total}): ?offset=, ?q= (serial number, name, IP), ?model=, ?firmware=, ?sort=, ?order=",
      list_devices);
  add("GET", "/api/v1/devices/{sn}", Scope::kRead, "One terminal", get_device);
  add("PATCH", "/api/v1/devices/{sn}", Scope::kWrite, "Set a terminal's name, device group and punch direction (service/punch_direction.h)", label_device);
  add("PUT", "/api/v1/devices/{sn}/settings", Scope::kWrite,
      "Per-terminal handshake options (Delay, ErrorDelay, TransFlag, TimeZone...)", put_device_settings);
  add("GET", "/api/v1/settings", Scope::kRead,
      "Server-wide handshake options: the built-in defaults, the server's own, and the result", get_server_settings);
  add("PUT", "/api/v1/settings", Scope::kAdmin,
      "Set server-wide handshake options for every terminal without its own ({\"Delay\": \"5\"}; null: default)",
      put_server_settings);
  add("GET", "/api/v1/devices/{sn}/requests", Scope::kRead,
      "The terminal's last 32 requests, kept in memory: endpoint, table, status, sizes, time", device_requests);
  add("GET", "/api/v1/device-groups", Scope::kRead, "Device groups", list_groups);
  add("POST", "/api/v1/device-groups", Scope::kWrite, "Create a device group", create_group);
  add("PUT", "/api/v1/device-groups/{id}", Scope::kWrite, "Rename a group or change its enrolment policy",
      update_group);
  add("DELETE", "/api/v1/device-groups/{id}", Scope::kWrite,
      "Delete a group (its terminals lose the people assigned through it)", delete_group);
}

}  // namespace zkpush::api
