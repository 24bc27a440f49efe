// Access rights, managed on the server and synced to the panels
// (service/access/access_sync.h): time zones (weekly schedules), holidays,
// access levels (doors and a time zone), the levels each person holds and
// whether the person is blocked, and door names. Every change is followed by
// a sync of every panel, which sends each only what differs.

#include <nlohmann/json.hpp>

#include "api/access_right_bodies.h"
#include "api/api_router.h"
#include "api/responses.h"
#include "protocol/text.h"

namespace zkpush::api {

using store::Scope;

namespace {

// Commits `batch`; on success syncs every panel and answers `ok()`.
void commit_then_sync(ApiContext& c, store::WriteBatch batch, http::Responder respond,
                      std::function<http::Response(store::WriteBatch&)> ok) {
  c.store.submit(std::move(batch), [&c, respond = std::move(respond), ok = std::move(ok)](
                                       Status status, store::WriteBatch& done) mutable {
    if (!status) return respond(error_response(status.error()));
    c.access.sync().reconcile_all();
    respond(ok(done));
  });
}

std::optional<int64_t> id_param(ApiCall& call) {
  auto id = protocol::parse_int(call.param(0));
  if (!id || *id <= 0) call.respond(error_response(400, "id: a positive number"));
  return id && *id > 0 ? id : std::nullopt;
}

// The first op of a committed batch.
template <typename Op>
Op& first(store::WriteBatch& batch) {
  return std::get<Op>(batch.ops.front());
}

json time_zone_json(const store::TimeZoneRow& z) {
  return json{{"id", z.id}, {"name", z.name}, {"schedule", json::parse(z.schedule, nullptr, false)}};
}

json holiday_json(const store::HolidayRow& h) {
  return json{{"id", h.id}, {"date", h.date}, {"type", h.type}, {"yearly", h.yearly}, {"name", h.name}};
}

json level_json(ApiContext& c, const store::AccessLevelRow& level) {
  json doors = json::array();
  for (const auto& d : level.doors) {
    auto device = c.devices.registry().cached(d.device);
    doors.push_back({{"sn", device ? device->sn() : std::string()}, {"door", d.door}});
  }
  return json{{"id", level.id}, {"name", level.name}, {"time_zone_id", level.time_zone_id}, {"doors", std::move(doors)}};
}

Result<store::AccessRights> rights(ApiContext& c) { return c.store.access_rights(); }

// A level's doors by serial number -> by device; an error names an unknown one.
Status resolve_doors(ApiContext& c, LevelBody& body) {
  for (std::size_t i = 0; i < body.serials.size(); ++i) {
    auto device = c.devices.registry().find(body.serials[i]);
    if (!device) return Error::invalid("doors: no device with SN " + body.serials[i]);
    if (!device->speaks_access()) return Error::invalid("doors: " + body.serials[i] + " is no access panel");
    body.level.doors[i].device = device->id();
  }
  return Status::success();
}

void save_level(ApiContext& c, ApiCall& call, int64_t id) {
  auto body = parse_level_body(call.request.body);
  if (!body) return call.respond(error_response(body.error()));
  if (Status s = resolve_doors(c, *body); !s) return call.respond(error_response(s.error()));
  body->level.id = id;
  store::WriteBatch batch;
  batch.add(store::SaveAccessLevel{body->level, 0});
  commit_then_sync(c, std::move(batch), call.respond, [&c, level = body->level, id](store::WriteBatch& done) {
    store::AccessLevelRow saved = level;
    saved.id = first<store::SaveAccessLevel>(done).id;
    if (saved.id == 0) return error_response(404, "no access level " + std::to_string(id));
    return json_response(level_json(c, saved), id == 0 ? 201 : 200);
  });
}

void save_time_zone(ApiContext& c, ApiCall& call, int64_t id) {
  auto zone = parse_time_zone_body(call.request.body);
  if (!zone) return call.respond(error_response(zone.error()));
  zone->id = id;
  store::WriteBatch batch;
  batch.add(store::SaveTimeZone{*zone, 0});
  commit_then_sync(c, std::move(batch), call.respond, [zone = *zone, id](store::WriteBatch& done) {
    store::TimeZoneRow saved = zone;
    saved.id = first<store::SaveTimeZone>(done).id;
    if (saved.id == 0) return error_response(404, "no time zone " + std::to_string(id));
    return json_response(time_zone_json(saved), id == 0 ? 201 : 200);
  });
}

// Deletes the row `Op` names; 404 when there was none.
template <typename Op>
void delete_row(ApiContext& c, ApiCall& call, const char* what) {
  auto id = id_param(call);
  if (!id) return;
  store::WriteBatch batch;
  batch.add(Op{*id, false});
  commit_then_sync(c, std::move(batch), call.respond, [what, id = *id](store::WriteBatch& done) {
    if (!first<Op>(done).found) return error_response(404, std::string("no ") + what + " " + std::to_string(id));
    http::Response r;
    r.status = 204;
    return r;
  });
}

void add_time_zone_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/time-zones", Scope::kRead, "Time zones: weekly schedules the access levels use",
             [&c](ApiCall& call) {
               auto r = rights(c);
               if (!r) return call.respond(error_response(r.error()));
               json items = json::array();
               for (const auto& z : r->time_zones) items.push_back(time_zone_json(z));
               call.respond(json_response(json{{"items", std::move(items)}}));
             });
  routes.add("POST", "/api/v1/time-zones", Scope::kWrite, "Create a time zone", [&c](ApiCall& call) {
    save_time_zone(c, call, 0);
  });
  routes.add("PUT", "/api/v1/time-zones/{id}", Scope::kWrite, "Replace a time zone", [&c](ApiCall& call) {
    if (auto id = id_param(call)) save_time_zone(c, call, *id);
  });
  routes.add("DELETE", "/api/v1/time-zones/{id}", Scope::kWrite, "Delete a time zone no level uses",
             [&c](ApiCall& call) { delete_row<store::DeleteTimeZone>(c, call, "time zone"); });
}

void add_holiday_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/holidays", Scope::kRead, "Holidays: days a time zone's hol1..hol3 schedule applies",
             [&c](ApiCall& call) {
               auto r = rights(c);
               if (!r) return call.respond(error_response(r.error()));
               json items = json::array();
               for (const auto& h : r->holidays) items.push_back(holiday_json(h));
               call.respond(json_response(json{{"items", std::move(items)}}));
             });
  routes.add("POST", "/api/v1/holidays", Scope::kWrite, "Add a holiday", [&c](ApiCall& call) {
    auto holiday = parse_holiday_body(call.request.body);
    if (!holiday) return call.respond(error_response(holiday.error()));
    store::WriteBatch batch;
    batch.add(store::SaveHoliday{*holiday, 0});
    commit_then_sync(c, std::move(batch), call.respond, [h = *holiday](store::WriteBatch& done) {
      store::HolidayRow saved = h;
      saved.id = first<store::SaveHoliday>(done).id;
      return json_response(holiday_json(saved), 201);
    });
  });
  routes.add("DELETE", "/api/v1/holidays/{id}", Scope::kWrite, "Delete a holiday",
             [&c](ApiCall& call) { delete_row<store::DeleteHoliday>(c, call, "holiday"); });
}

void add_level_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/access-levels", Scope::kRead, "Access levels: doors and the time zone they open in",
             [&c](ApiCall& call) {
               auto r = rights(c);
               if (!r) return call.respond(error_response(r.error()));
               json items = json::array();
               for (const auto& level : r->levels) {
                 json item = level_json(c, level);
                 int64_t holders = 0;
                 for (const auto& [person, id] : r->grants) holders += id == level.id;
                 item["persons"] = holders;
                 items.push_back(std::move(item));
               }
               call.respond(json_response(json{{"items", std::move(items)}}));
             });
  routes.add("POST", "/api/v1/access-levels", Scope::kWrite, "Create an access level",
             [&c](ApiCall& call) { save_level(c, call, 0); });
  routes.add("PUT", "/api/v1/access-levels/{id}", Scope::kWrite, "Replace an access level", [&c](ApiCall& call) {
    if (auto id = id_param(call)) save_level(c, call, *id);
  });
  routes.add("DELETE", "/api/v1/access-levels/{id}", Scope::kWrite,
             "Delete an access level (its holders lose its doors on every panel)",
             [&c](ApiCall& call) { delete_row<store::DeleteAccessLevel>(c, call, "access level"); });
}

void add_person_access_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/persons/{pin}/access", Scope::kRead,
             "The access levels a person holds and whether the person is blocked", [&c](ApiCall& call) {
               auto person = c.store.person(call.param(0));
               if (!person) return call.respond(error_response(person.error()));
               if (!person->has_value()) return call.respond(error_response(404, "no person " + call.param(0)));
               auto r = rights(c);
               if (!r) return call.respond(error_response(r.error()));
               json levels = json::array();
               for (const auto& [holder, level] : r->grants)
                 if (holder == (*person)->id) levels.push_back(level);
               const bool blocked =
                   std::find(r->blocked.begin(), r->blocked.end(), (*person)->id) != r->blocked.end();
               call.respond(json_response(json{{"pin", call.param(0)}, {"levels", levels}, {"blocked", blocked}}));
             });
  routes.add("PUT", "/api/v1/persons/{pin}/access", Scope::kWrite,
             "Set the access levels a person holds ({\"levels\": [ids]}) and block or unblock ({\"blocked\": true}): "
             "a blocked person loses access on every panel at its next poll",
             [&c](ApiCall& call) {
               auto body = parse_person_access_body(call.request.body);
               if (!body) return call.respond(error_response(body.error()));
               auto person = c.store.person(call.param(0));
               if (!person) return call.respond(error_response(person.error()));
               if (!person->has_value()) return call.respond(error_response(404, "no person " + call.param(0)));
               store::WriteBatch batch;
               if (body->levels) batch.add(store::SetPersonAccessLevels{(*person)->id, *body->levels});
               if (body->blocked) batch.add(store::SetAccessBlocked{(*person)->id, *body->blocked, now_ms()});
               const std::string pin = call.param(0);
               commit_then_sync(c, std::move(batch), call.respond, [pin, body = *body](store::WriteBatch&) {
                 json out{{"pin", pin}};
                 if (body.levels) out["levels"] = *body.levels;
                 if (body.blocked) out["blocked"] = *body.blocked;
                 return json_response(out);
               });
             });
}

}  // namespace

void add_access_right_routes(RouteTable& routes, ApiContext& c) {
  add_time_zone_routes(routes, c);
  add_holiday_routes(routes, c);
  add_level_routes(routes, c);
  add_person_access_routes(routes, c);
  routes.add("PUT", "/api/v1/devices/{sn}/doors/{door}", Scope::kWrite, "Name a door: {\"name\": \"Main entrance\"}",
             [&c](ApiCall& call) {
               auto device = c.devices.registry().find(call.param(0));
               if (!device) return call.respond(error_response(404, "no device with SN " + call.param(0)));
               auto door = protocol::parse_int(call.param(1));
               if (!door || *door < 1 || *door > 16) return call.respond(error_response(400, "door: 1-16"));
               const json body = json::parse(call.request.body, nullptr, false);
               if (!body.is_object() || !body.contains("name") || !body["name"].is_string())
                 return call.respond(error_response(400, "name: a string is required"));
               store::WriteBatch batch;
               batch.add(store::SetDoorName{device->id(), static_cast<int>(*door), body["name"].get<std::string>()});
               commit_then_sync(c, std::move(batch), call.respond, [sn = call.param(0), door = *door,
                                                                    name = body["name"].get<std::string>()](
                                                                       store::WriteBatch&) {
                 return json_response(json{{"sn", sn}, {"door", door}, {"name", name}});
               });
             });
}

}  // namespace zkpush::api
