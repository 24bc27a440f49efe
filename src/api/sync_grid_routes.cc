// The person x terminal sync grid: for each person of a page and each
// terminal of a group, whether the terminal holds the person as they are
// (synced), is still to get them (pending), refused them (failed), or is
// not meant to have them (not_assigned); and resending a person.

#include <map>
#include <set>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/responses.h"
#include "protocol/command_text.h"
#include "protocol/text.h"

namespace zkpush::api {

using store::Scope;

namespace {

constexpr int kMaxColumns = 50;
// A terminal's newest commands looked at for each person's latest state:
// enough for every person a sync queues in one go on an ordinary terminal;
// an older person's state comes from the sync record alone.
constexpr int kCommandsLooked = 500;

// One terminal's column: the state of each person by id.
struct Column {
  std::set<int64_t> assigned;
  std::map<int64_t, int64_t> sent_revision;        // person id -> revision last sent
  std::map<std::string, store::CommandStatus> latest;  // PIN -> status of its newest command
};

Result<Column> column_of(ApiContext& c, store::DeviceId device) {
  Column col;
  auto state = c.store.sync_state(device);
  if (!state) return state.error();
  for (const auto& p : state->assigned) col.assigned.insert(p.id);
  for (const auto& row : state->sent) col.sent_revision[row.person_id] = row.revision;
  auto commands = c.store.recent_commands({std::nullopt, device, 0, kCommandsLooked});
  if (!commands) return commands.error();
  for (const auto& command : *commands)  // newest first: the first seen per PIN wins
    if (auto pin = protocol::command_pin(command.command)) col.latest.emplace(*pin, command.status);
  return col;
}

std::string_view cell(const Column& col, const store::PersonRow& person) {
  const bool assigned = col.assigned.count(person.id) > 0;
  auto sent = col.sent_revision.find(person.id);
  if (!assigned) return sent == col.sent_revision.end() ? "not_assigned" : "pending";  // a removal pending
  if (sent == col.sent_revision.end() || sent->second < person.revision) return "pending";
  auto latest = col.latest.find(person.pin);
  if (latest == col.latest.end()) return "synced";
  switch (latest->second) {
    case store::CommandStatus::kQueued:
    case store::CommandStatus::kSent: return "pending";
    case store::CommandStatus::kFailed:
    case store::CommandStatus::kExpired: return "failed";
    case store::CommandStatus::kDone: break;
  }
  return "synced";
}

void get_sync_grid(ApiContext& c, ApiCall& call) {
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  store::PersonQuery q;
  q.after = page->after;
  q.limit = std::min(page->limit, 200);
  if (auto search = call.query.get("q"); search && !search->empty()) q.search = std::string(*search);
  auto group = call.query.get("group");
  if (group && !group->empty()) {  // the group's people
    q.group = protocol::parse_int(*group);
    if (!q.group) return call.respond(error_response(400, "group: a group id"));
  }
  auto persons = c.store.persons(q);
  if (!persons) return call.respond(error_response(persons.error()));

  std::vector<std::shared_ptr<service::Device>> devices;
  for (const auto& device : c.devices.registry().all()) {
    if (device->admission() != store::AdmissionState::kApproved) continue;
    if (group && !group->empty() && std::to_string(device->group_id().value_or(0)) != *group) continue;
    devices.push_back(device);
  }
  std::sort(devices.begin(), devices.end(), [](const auto& a, const auto& b) { return a->sn() < b->sn(); });
  const std::size_t total = devices.size();
  if (devices.size() > static_cast<std::size_t>(kMaxColumns)) devices.resize(kMaxColumns);

  json columns = json::array();
  std::vector<Column> states;
  for (const auto& device : devices) {
    auto col = column_of(c, device->id());
    if (!col) return call.respond(error_response(col.error()));
    states.push_back(std::move(*col));
    columns.push_back(json{{"sn", device->sn()}, {"name", device->snapshot().name}});
  }
  json rows = json::array();
  for (const auto& person : *persons) {
    json cells = json::array();
    for (const Column& col : states) cells.push_back(cell(col, person));
    rows.push_back(json{{"pin", person.pin}, {"name", person.fields.name}, {"cells", std::move(cells)}});
  }
  json next = nullptr;
  if (static_cast<int>(persons->size()) == q.limit && !persons->empty()) next = persons->back().id;
  call.respond(json_response(json{{"terminals", std::move(columns)},
                                  {"terminals_total", total},
                                  {"items", std::move(rows)},
                                  {"next_after", std::move(next)}}));
}

// Sends a person again to some terminals (or every terminal they are
// assigned to): what the terminals were sent of them is forgotten, and the
// sync engine queues them anew.
void resync_person(ApiContext& c, ApiCall& call) {
  auto person = c.store.person(call.param(0));
  if (!person) return call.respond(error_response(person.error()));
  if (!*person) return call.respond(error_response(404, "no person with PIN " + call.param(0)));
  auto body = call.request.body.empty() ? std::optional<json>(json::object()) : json_body(call.request.body, call.respond);
  if (!body) return;
  std::vector<store::DeviceId> targets;
  if (body->contains("devices")) {
    if (!(*body)["devices"].is_array()) return call.respond(error_response(400, "devices: a list of serial numbers"));
    for (const auto& sn : (*body)["devices"]) {
      auto device = sn.is_string() ? c.devices.registry().find(sn.get<std::string>()) : nullptr;
      if (!device) return call.respond(error_response(404, "devices: no terminal " + sn.dump()));
      targets.push_back(device->id());
    }
  } else {
    for (const auto& device : c.devices.registry().all()) {
      auto state = c.store.sync_state(device->id());
      if (!state) return call.respond(error_response(state.error()));
      for (const auto& p : state->assigned)
        if (p.id == (*person)->id) targets.push_back(device->id());
    }
  }
  store::WriteBatch batch;
  for (store::DeviceId device : targets) batch.add(store::ClearSynced{device, (*person)->id, std::nullopt});
  c.store.submit(std::move(batch), [&c, targets, respond = call.respond](Status s, store::WriteBatch&) {
    if (!s) return respond(error_response(s.error()));
    c.devices.sync().reconcile(targets);
    respond(json_response(json{{"terminals", targets.size()}}, 202));
  });
}

}  // namespace

void add_sync_grid_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/sync-grid", Scope::kRead,
             "Persons (?q=, ?after=, ?limit=) by terminals (at most 50): with ?group=, the group's people on its "
             "terminals; synced, pending, failed or not_assigned",
             [&c](ApiCall& call) { get_sync_grid(c, call); });
  routes.add("POST", "/api/v1/persons/{pin}/resync", Scope::kWrite,
             "Send a person again to {\"devices\": [SN...]} (default: every terminal they are assigned to)",
             [&c](ApiCall& call) { resync_person(c, call); });
}

}  // namespace zkpush::api
