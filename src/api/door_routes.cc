// Access control (Security PUSH panels and terminals): their doors with the
// state they last reported, remote door control, and access events.

#include <nlohmann/json.hpp>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/responses.h"
#include "protocol/access/door_commands.h"
#include "protocol/access/event_codes.h"
#include "protocol/text.h"
#include "service/access/door_views.h"

namespace zkpush::api {

using store::Scope;
namespace pa = protocol::access;

namespace {

json access_event_json(const store::AccessEventRow& row) {
  json out = service::access::access_event_json(row.sn, row.record);
  json extra = json::object();
  for (const auto& [key, value] : row.record.extra) extra[key] = value;
  out["id"] = row.id;
  out["person_name"] = row.person_name;
  out["extra"] = std::move(extra);
  out["received_at"] = iso_time(row.received_at);
  return out;
}

// The filters of GET /api/v1/access-events; nullopt (and 400 sent) when one is malformed.
std::optional<store::AccessEventQuery> access_event_query(const protocol::Query& query, const http::Responder& respond) {
  store::AccessEventQuery q;
  auto page = page_of(query, respond);
  if (!page) return std::nullopt;
  q.limit = page->limit;
  auto text = [&query](const char* key) -> std::optional<std::string> {
    auto v = query.get(key);
    if (!v || protocol::trim(*v).empty()) return std::nullopt;
    return std::string(protocol::trim(*v));
  };
  auto number = [&](const char* key, auto& out) {
    auto v = text(key);
    if (!v) return true;
    auto n = protocol::parse_int(*v);
    if (!n) {
      respond(error_response(400, std::string(key) + ": a number"));
      return false;
    }
    out = static_cast<std::decay_t<decltype(*out)>>(*n);
    return true;
  };
  q.sn = text("sn");
  q.pin = text("pin");
  q.from = text("from");
  q.to = text("to");
  std::optional<int64_t> before;
  if (!number("door", q.door) || !number("event", q.event) || !number("before", before)) return std::nullopt;
  q.before = before.value_or(0);
  const std::string classes = query.value_or("class", "");  // split's views point into it
  for (auto name : protocol::split(classes, ',')) {
    name = protocol::trim(name);
    if (name.empty()) continue;
    if (pa::event_class_from_name(name) == pa::EventClass::kUnknown && !protocol::iequals(name, "unknown")) {
      respond(error_response(400, "class: granted, denied, alarm, door, device or unknown"));
      return std::nullopt;
    }
    q.classes.emplace_back(name);
  }
  return q;
}

// Every door of every access device, with the state it last reported.
json doors_json(ApiContext& c) {
  auto states = c.store.door_states(std::nullopt);
  std::map<store::DeviceId, store::DoorStateRow> by_device;
  if (states)
    for (auto& row : *states) by_device.emplace(row.device, std::move(row));
  std::map<std::pair<store::DeviceId, int>, std::string> names;
  if (auto rights = c.store.access_rights())
    for (const auto& n : rights->door_names) names[{n.device, n.door}] = n.name;
  json items = json::array();
  const int64_t now = now_ms();
  for (const auto& device : c.devices.registry().all()) {
    if (!device->speaks_access()) continue;
    const int doors = service::access::door_count(*device);
    auto state = by_device.find(device->id());
    json reported = state != by_device.end() ? service::access::door_states_json(state->second.state, doors)
                                             : json::array();
    for (int door = 1; door <= doors; ++door) {
      auto name = names.find({device->id(), door});
      json item{{"sn", device->sn()},
                {"door", door},
                {"name", name != names.end() ? name->second : "Door " + std::to_string(door)},
                {"online", c.devices.online(*device, now)},
                {"sensor", "unknown"},
                {"unlocked", nullptr},
                {"alarms", json::array()},
                {"state_time", nullptr}};
      if (state != by_device.end()) {
        for (const auto& d : reported)
          if (d["door"] == door) item.update(d);
        item["state_time"] = state->second.state.time;
      }
      items.push_back(std::move(item));
    }
  }
  return items;
}

}  // namespace

std::optional<json> door_outcome(ApiContext& c, const store::CommandRow& command) {
  constexpr std::string_view kControl = "CONTROL DEVICE ";
  if (!protocol::istarts_with(command.command, kControl) || !command.sent_at) return std::nullopt;
  auto door_command = pa::parse_control_device(std::string_view(command.command).substr(kControl.size()));
  if (!door_command) return std::nullopt;
  json out{{"confirmed", false}, {"events", json::array()}, {"state", nullptr}};
  store::AccessEventQuery query;
  query.sn = command.sn;
  query.classes = {"door", "alarm"};
  query.limit = 20;
  if (auto events = c.store.access_events(query)) {
    for (auto it = events->rbegin(); it != events->rend(); ++it) {  // oldest first
      if (it->received_at < *command.sent_at) continue;
      if (door_command->door != 0 && it->record.door != door_command->door) continue;
      out["events"].push_back(access_event_json(*it));
    }
  }
  auto device = c.devices.registry().find(command.sn);
  auto states = c.store.door_states(device ? std::optional(device->id()) : std::nullopt);
  if (device && states && !states->empty() && states->front().received_at >= *command.sent_at)
    out["state"] = service::access::door_states_json(states->front().state, service::access::door_count(*device));
  out["confirmed"] = !out["events"].empty();
  return out;
}

void add_door_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/doors", Scope::kRead,
             "Every door of every access panel and terminal, with the state it last reported", [&c](ApiCall& call) {
               call.respond(json_response(json{{"items", doors_json(c)}}));
             });
  routes.add("POST", "/api/v1/devices/{sn}/doors/{door}/{action}", Scope::kWrite,
             "Remote door control: open (?seconds= or {\"seconds\": n}, 1-254, default 5), keep_open, close, "
             "cancel_alarm, lock, unlock; door 0 = every door",
             [&c](ApiCall& call) {
               auto device = c.devices.registry().find(call.param(0));
               if (!device) return call.respond(error_response(404, "no device with SN " + call.param(0)));
               if (!device->speaks_access())
                 return call.respond(error_response(409, "device " + call.param(0) + " is no access panel"));
               auto door = protocol::parse_int(call.param(1));
               if (!door || *door < 0 || *door > service::access::door_count(*device))
                 return call.respond(error_response(400, "door: 0 (every door) to " +
                                                             std::to_string(service::access::door_count(*device))));
               auto action = pa::door_action_from_name(call.param(2));
               if (!action)
                 return call.respond(
                     error_response(404, "action: open, keep_open, close, cancel_alarm, lock or unlock"));
               int64_t seconds = 5;
               const json body = json::parse(call.request.body.empty() ? "{}" : call.request.body, nullptr, false);
               if (body.is_object() && body.contains("seconds")) {
                 if (!body["seconds"].is_number_integer()) return call.respond(error_response(400, "seconds: 1-254"));
                 seconds = body["seconds"].get<int64_t>();
               } else if (auto text = call.query.get("seconds")) {
                 seconds = protocol::parse_int(*text).value_or(-1);
               }
               if (*action == pa::DoorAction::kOpen && (seconds < 1 || seconds > 254))
                 return call.respond(error_response(400, "seconds: 1-254"));
               queue_command(c, device, pa::control_device(*action, static_cast<int>(*door), static_cast<int>(seconds)),
                             call.respond);
             });
  routes.add("GET", "/api/v1/access-events", Scope::kRead,
             "Access events newest first (?sn= ?pin= ?door= ?event= ?class=granted,denied,alarm,door,device "
             "?from= ?to= device-local times, ?before= the last id of the previous page, ?limit=)",
             [&c](ApiCall& call) {
               auto query = access_event_query(call.query, call.respond);
               if (!query) return;
               auto rows = c.store.access_events(*query);
               if (!rows) return call.respond(error_response(rows.error()));
               json items = json::array();
               for (const auto& row : *rows) items.push_back(access_event_json(row));
               json next = nullptr;
               if (static_cast<int>(rows->size()) == query->limit && !rows->empty()) next = rows->back().id;
               call.respond(json_response(json{{"items", std::move(items)}, {"next_before", std::move(next)}}));
             });
}

}  // namespace zkpush::api
