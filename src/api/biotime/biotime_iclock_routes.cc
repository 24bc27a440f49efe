// BioTime's /iclock/api/: punches (transactions) and terminals, by page
// number, with the filters BioTime's clients send; any other parameter is
// ignored, as BioTime ignores it (docs/biotime-api.md).

#include "api/biotime/biotime_responses.h"
#include "api/biotime/biotime_routes.h"
#include "api/biotime/biotime_views.h"
#include "api/responses.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::api {

using store::Scope;

namespace {

// A punch's terminal as BioTime names it: its label (else its serial
// number) and its group.
TerminalLabel terminal_label(ApiContext& c, const std::string& sn, const GroupNames& groups) {
  TerminalLabel label{sn};
  if (auto device = c.devices.registry().find(sn)) {
    const store::DeviceRow d = device->snapshot();
    if (!d.name.empty()) label.alias = d.name;
    if (d.group_id && groups.count(*d.group_id)) label.area = groups.at(*d.group_id);
  }
  return label;
}

// The transaction filters of the query into `q`; false (and a 400 naming
// the field sent) when a time cannot be read.
bool transaction_filters(ApiContext& c, const protocol::Query& query, store::AttendanceQuery& q,
                         const http::Responder& respond) {
  for (auto [key, upper] : {std::pair{"start_time", false}, std::pair{"end_time", true}}) {
    auto value = query.get(key);
    if (!value || protocol::trim(*value).empty()) continue;
    auto bound = local_time_bound(protocol::trim(*value), upper);
    if (!bound) {
      respond(biotime_field_error(400, key, "Enter a valid date/time."));
      return false;
    }
    (upper ? q.to : q.from) = *bound;
  }
  if (auto pin = query.get("emp_code"); pin && !pin->empty()) q.pin = std::string(*pin);
  if (auto sn = query.get("terminal_sn"); sn && !sn->empty()) q.sn = std::string(*sn);
  if (auto alias = query.get("terminal_alias"); alias && !alias->empty()) {
    // A terminal's alias is its label, or its serial number when it has none.
    bool labelled = false;
    for (const auto& device : c.devices.registry().all())
      if (device->snapshot().name == *alias) labelled = true;
    if (labelled) q.device_name = std::string(*alias);
    else if (q.sn && *q.sn != *alias) q.limit = 0;
    else q.sn = std::string(*alias);
  }
  if (auto area = query.get("area")) {  // as the terminals' filter (0: no group)
    if (auto id = protocol::parse_int(*area)) q.group_id = *id;
  }
  const std::string ordering(query.value_or("ordering", ""));
  q.descending = ordering == "-id" || ordering == "-upload_time" || ordering == "-punch_time";
  return true;
}

void list_transactions(ApiContext& c, ApiCall& call) {
  const protocol::Query query = form_query(call.request.query);
  auto page = biotime_page(call);
  if (!page) return;
  store::AttendanceQuery q;
  if (!transaction_filters(c, query, q, call.respond)) return;
  const bool none = q.limit == 0;  // an alias and a serial number that name different terminals
  q.limit = page->size;
  q.offset = page->offset();
  auto total = none ? Result<int64_t>(int64_t{0}) : c.store.attendance_total(q);
  if (!total) return call.respond(biotime_detail(503, total.error().message));
  auto rows = none || page->offset() >= *total ? Result<std::vector<store::AttendanceRow>>(
                                                      std::vector<store::AttendanceRow>())
                                               : c.store.attendance(q);
  if (!rows) return call.respond(biotime_detail(503, rows.error().message));
  auto groups = read_group_names(c.store);
  if (!groups) return call.respond(biotime_detail(503, groups.error().message));
  json data = json::array();
  for (const auto& row : *rows) data.push_back(transaction_json(row, terminal_label(c, row.sn, *groups)));
  send_biotime_list(call, *page, *total, std::move(data), c.secure_cookies);
}

void get_transaction(ApiContext& c, ApiCall& call) {
  auto id = protocol::parse_int(call.param(0));
  if (!id || *id < 1) return call.respond(biotime_detail(404, "Not found."));
  store::AttendanceQuery q;
  q.after = *id - 1;
  q.limit = 1;
  auto rows = c.store.attendance(q);
  if (!rows) return call.respond(biotime_detail(503, rows.error().message));
  if (rows->empty() || rows->front().id != *id) return call.respond(biotime_detail(404, "Not found."));
  auto groups = read_group_names(c.store);
  if (!groups) return call.respond(biotime_detail(503, groups.error().message));
  const store::AttendanceRow& row = rows->front();
  call.respond(json_response(transaction_json(row, terminal_label(c, row.sn, *groups))));
}

// Terminals in id order, filtered by sn, alias and area (a device group).
std::vector<store::DeviceRow> terminals(ApiContext& c, const protocol::Query& query) {
  std::vector<store::DeviceRow> rows;
  const auto sn = query.get("sn");
  const auto alias = query.get("alias");
  const auto area = query.get("area");
  const std::optional<long long> area_id = area ? protocol::parse_int(*area) : std::nullopt;
  for (const auto& device : c.devices.registry().all()) {
    store::DeviceRow d = device->snapshot();
    if (sn && !sn->empty() && d.sn != *sn) continue;
    if (alias && !alias->empty() && (d.name.empty() ? d.sn : d.name) != *alias) continue;
    if (area_id && d.group_id.value_or(0) != *area_id) continue;
    rows.push_back(std::move(d));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

void list_terminals(ApiContext& c, ApiCall& call) {
  auto page = biotime_page(call);
  if (!page) return;
  auto groups = read_group_names(c.store);
  if (!groups) return call.respond(biotime_detail(503, groups.error().message));
  const std::vector<store::DeviceRow> rows = terminals(c, form_query(call.request.query));
  const int64_t now = now_ms();
  json data = json::array();
  for (std::size_t i = static_cast<std::size_t>(std::min<int64_t>(page->offset(), rows.size()));
       i < rows.size() && data.size() < static_cast<std::size_t>(page->size); ++i) {
    auto device = c.devices.registry().find(rows[i].sn);
    data.push_back(terminal_json(rows[i], device && c.devices.online(*device, now), *groups));
  }
  send_biotime_list(call, *page, static_cast<int64_t>(rows.size()), std::move(data), c.secure_cookies);
}

void get_terminal(ApiContext& c, ApiCall& call) {
  auto id = protocol::parse_int(call.param(0));
  auto device = id ? c.devices.registry().find(store::DeviceId{*id}) : nullptr;
  if (!device) return call.respond(biotime_detail(404, "Not found."));
  auto groups = read_group_names(c.store);
  if (!groups) return call.respond(biotime_detail(503, groups.error().message));
  call.respond(json_response(terminal_json(device->snapshot(), c.devices.online(*device, now_ms()), *groups)));
}

}  // namespace

void add_biotime_iclock_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/iclock/api/transactions", Scope::kRead,
             "BioTime: punches by page (?page=&page_size=&start_time=&end_time=&emp_code=&terminal_sn=&terminal_alias=)",
             [&c](ApiCall& call) { list_transactions(c, call); });
  routes.add("GET", "/iclock/api/transactions/{id}", Scope::kRead, "BioTime: one punch",
             [&c](ApiCall& call) { get_transaction(c, call); });
  routes.add("GET", "/iclock/api/terminals", Scope::kRead, "BioTime: terminals by page (?sn=&alias=&area=)",
             [&c](ApiCall& call) { list_terminals(c, call); });
  routes.add("GET", "/iclock/api/terminals/{id}", Scope::kRead, "BioTime: one terminal",
             [&c](ApiCall& call) { get_terminal(c, call); });
}

}  // namespace zkpush::api
