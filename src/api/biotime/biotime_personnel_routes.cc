// BioTime's /personnel/api/: employees (zkpush's persons, created, changed
// and deleted through the person service, so terminals follow as they do
// for /api/v1/persons), areas (device groups), the one department, and
// positions (none). docs/biotime-api.md says what maps to what.

#include "api/biotime/biotime_responses.h"
#include "api/biotime/biotime_routes.h"
#include "api/biotime/biotime_views.h"
#include "api/request_bodies.h"
#include "api/responses.h"
#include "protocol/text.h"

namespace zkpush::api {

using store::Scope;

namespace {

constexpr std::size_t kMaxNameLength = 64;

http::Response store_failure(const Error& e) { return biotime_detail(503, e.message); }

// A request body as BioTime's clients send it: JSON, or a form.
json body_of(const http::Request& request) {
  if (protocol::istarts_with(request.header("Content-Type"), "application/json"))
    return json::parse(request.body, nullptr, false);
  json body = json::object();
  const protocol::Query form = form_query(request.body);
  for (const auto& [key, value] : form.items()) body[key] = value;
  return body;
}

// A text or a number as text (BioTime takes emp_code 10001 for "10001").
std::optional<std::string> text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  return std::nullopt;
}

// The employee fields of `body` over `fields` and `group_ids` (area); the
// field and what is wrong with it, or nullopt.
std::optional<std::pair<std::string, std::string>> read_employee(const json& body, const GroupNames& groups,
                                                                  store::PersonFields& fields,
                                                                  std::optional<std::vector<int64_t>>& group_ids) {
  using Problem = std::pair<std::string, std::string>;
  const bool names = body.contains("first_name") || body.contains("last_name");
  if (names) {
    std::string first = body.contains("first_name") ? text_of(body["first_name"]).value_or("") : "";
    std::string last = body.contains("last_name") ? text_of(body["last_name"]).value_or("") : "";
    std::string name = std::string(protocol::trim(first + " " + last));
    if (name.size() > kMaxNameLength || !line_safe(name))
      return Problem{"first_name", "Ensure this field has no more than 64 characters and no line breaks."};
    fields.name = std::move(name);
  }
  for (auto [key, field] : {std::pair{"card_no", &fields.card}, std::pair{"device_password", &fields.password},
                            std::pair{"mobile", &fields.phone}, std::pair{"gender", &fields.gender}}) {
    if (!body.contains(key)) continue;
    auto value = body[key].is_null() ? std::optional<std::string>("") : text_of(body[key]);
    if (!value || value->size() > kMaxNameLength || !line_safe(*value)) return Problem{key, "Enter a valid value."};
    *field = std::move(*value);
  }
  for (char ch : fields.card)
    if (ch < '0' || ch > '9') return Problem{"card_no", "Enter a whole number."};
  if (body.contains("dev_privilege")) {
    const std::string given = text_of(body["dev_privilege"]).value_or(body["dev_privilege"].dump());
    const auto v = protocol::parse_int(given);
    if (!v || (*v != 0 && *v != 2 && *v != 6 && *v != 14))
      return Problem{"dev_privilege", "\"" + given + "\" is not a valid choice."};
    fields.privilege = static_cast<int>(*v);
  }
  if (body.contains("department")) {
    const json& d = body["department"];
    if (!(d.is_number_integer() && d.get<int64_t>() == kDepartmentId) && !(d.is_string() && d == "1"))
      return Problem{"department", "Invalid pk \"" + (d.is_string() ? d.get<std::string>() : d.dump()) +
                                       "\" - object does not exist."};
  }
  if (body.contains("area")) {
    json areas = body["area"];
    if (!areas.is_array()) areas = json::array({areas});  // a form sends one
    std::vector<int64_t> ids;
    for (const json& a : areas) {
      auto id = a.is_number_integer() ? std::optional<long long>(a.get<int64_t>())
                                      : a.is_string() ? protocol::parse_int(a.get<std::string>()) : std::nullopt;
      if (!id || !groups.count(*id))
        return Problem{"area", "Invalid pk \"" + (a.is_string() ? a.get<std::string>() : a.dump()) +
                                   "\" - object does not exist."};
      ids.push_back(*id);
    }
    group_ids = std::move(ids);
  }
  return std::nullopt;
}

Result<std::optional<store::PersonRow>> person_by_id(store::Store& store, const std::string& param) {
  auto id = protocol::parse_int(param);
  if (!id || *id < 1) return std::optional<store::PersonRow>();
  store::PersonQuery q;
  q.after = *id - 1;
  q.limit = 1;
  auto rows = store.persons(q);
  if (!rows) return rows.error();
  if (rows->empty() || rows->front().id != *id) return std::optional<store::PersonRow>();
  return std::optional<store::PersonRow>(rows->front());
}

Result<json> employee_view(store::Store& store, const store::PersonRow& person, const GroupNames& groups) {
  auto assignments = store.assignments(person.id);
  if (!assignments) return assignments.error();
  return employee_json(person, assignments->group_ids, groups);
}

// The employee with this PIN as answered after a change.
void respond_employee(ApiContext& c, const std::string& pin, const http::Responder& respond, int status) {
  auto person = c.store.person(pin);
  auto groups = read_group_names(c.store);
  if (!person || !groups) return respond(store_failure(!person ? person.error() : groups.error()));
  if (!*person) return respond(biotime_detail(404, "Not found."));
  auto view = employee_view(c.store, **person, *groups);
  if (!view) return respond(store_failure(view.error()));
  respond(json_response(*view, status));
}

void list_employees(ApiContext& c, ApiCall& call) {
  auto page = biotime_page(call);
  if (!page) return;
  const protocol::Query query = form_query(call.request.query);
  store::PersonQuery q;
  if (auto code = query.get("emp_code"); code && !code->empty()) q.pin = std::string(*code);
  if (auto area = query.get("areas"); area && protocol::parse_int(*area)) q.group = *protocol::parse_int(*area);
  auto total = c.store.persons_total(q);
  auto groups = read_group_names(c.store);
  if (!total || !groups) return call.respond(store_failure(!total ? total.error() : groups.error()));
  q.limit = page->size;
  q.offset = page->offset();
  auto rows = page->offset() < *total ? c.store.persons(q) : Result<std::vector<store::PersonRow>>(std::vector<store::PersonRow>());
  if (!rows) return call.respond(store_failure(rows.error()));
  json data = json::array();
  for (const auto& person : *rows) {
    auto view = employee_view(c.store, person, *groups);
    if (!view) return call.respond(store_failure(view.error()));
    data.push_back(std::move(*view));
  }
  send_biotime_list(call, *page, *total, std::move(data), c.secure_cookies);
}

// POST (create), PUT and PATCH (change: emp_code stays, as BioTime keeps it).
void save_employee(ApiContext& c, ApiCall& call, bool create) {
  const json body = body_of(call.request);
  if (!body.is_object()) return call.respond(biotime_detail(400, "JSON parse error - a JSON object is expected."));
  auto groups = read_group_names(c.store);
  if (!groups) return call.respond(store_failure(groups.error()));
  std::string pin;
  store::PersonFields fields;
  store::SetAssignments assignments;
  if (create) {
    auto code = body.contains("emp_code") ? text_of(body["emp_code"]) : std::nullopt;
    if (!code || code->empty()) return call.respond(biotime_field_error(400, "emp_code", "This field is required."));
    if (auto e = check_pin(*code)) return call.respond(biotime_field_error(400, "emp_code", e->substr(5)));
    pin = *code;
  } else {
    auto person = person_by_id(c.store, call.param(0));
    if (!person) return call.respond(store_failure(person.error()));
    if (!*person) return call.respond(biotime_detail(404, "Not found."));
    pin = (*person)->pin;
    fields = (*person)->fields;
    auto current = c.store.assignments((*person)->id);
    if (!current) return call.respond(store_failure(current.error()));
    assignments.device_ids = current->device_ids;  // BioTime's areas are the groups; terminals stay
  }
  std::optional<std::vector<int64_t>> group_ids;
  if (auto problem = read_employee(body, *groups, fields, group_ids))
    return call.respond(biotime_field_error(400, problem->first, problem->second));
  assignments.pin = pin;
  std::optional<store::SetAssignments> new_assignments;
  if (group_ids) {
    assignments.group_ids = std::move(*group_ids);
    new_assignments = std::move(assignments);
  }
  c.devices.persons().save(pin, std::move(fields), std::move(new_assignments), call.principal.change_source(), create,
                           [&c, pin, create, respond = call.respond](Status s) {
                             if (!s && create && s.error().kind == Error::Kind::kInvalidInput)
                               return respond(biotime_field_error(400, "emp_code",
                                                                  "employee with this emp code already exists."));
                             if (!s) return respond(store_failure(s.error()));
                             respond_employee(c, pin, respond, create ? 201 : 200);
                           });
}

void get_employee(ApiContext& c, ApiCall& call) {
  auto person = person_by_id(c.store, call.param(0));
  auto groups = read_group_names(c.store);
  if (!person || !groups) return call.respond(store_failure(!person ? person.error() : groups.error()));
  if (!*person) return call.respond(biotime_detail(404, "Not found."));
  auto view = employee_view(c.store, **person, *groups);
  if (!view) return call.respond(store_failure(view.error()));
  call.respond(json_response(*view));
}

void delete_employee(ApiContext& c, ApiCall& call) {
  auto person = person_by_id(c.store, call.param(0));
  if (!person) return call.respond(store_failure(person.error()));
  if (!*person) return call.respond(biotime_detail(404, "Not found."));
  c.devices.persons().remove((*person)->pin, [respond = call.respond](Status s, bool found) {
    if (!s) return respond(store_failure(s.error()));
    if (!found) return respond(biotime_detail(404, "Not found."));
    http::Response r;
    r.status = 204;
    respond(std::move(r));
  });
}

void list_areas(ApiContext& c, ApiCall& call) {
  auto page = biotime_page(call);
  if (!page) return;
  auto groups = read_group_names(c.store);
  if (!groups) return call.respond(store_failure(groups.error()));
  json data = json::array();
  int64_t index = 0;
  for (const auto& [id, name] : *groups) {
    if (index++ < page->offset() || data.size() >= static_cast<std::size_t>(page->size)) continue;
    json area = area_json(id, *groups);
    area["parent_area"] = nullptr;
    data.push_back(std::move(area));
  }
  send_biotime_list(call, *page, static_cast<int64_t>(groups->size()), std::move(data), c.secure_cookies);
}

void get_area(ApiContext& c, ApiCall& call) {
  auto groups = read_group_names(c.store);
  if (!groups) return call.respond(store_failure(groups.error()));
  auto id = protocol::parse_int(call.param(0));
  if (!id || !groups->count(*id)) return call.respond(biotime_detail(404, "Not found."));
  json area = area_json(*id, *groups);
  area["parent_area"] = nullptr;
  call.respond(json_response(area));
}

}  // namespace

void add_biotime_personnel_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/personnel/api/employees", Scope::kRead, "BioTime: employees (persons) by page (?emp_code=&areas=)",
             [&c](ApiCall& call) { list_employees(c, call); });
  routes.add("POST", "/personnel/api/employees", Scope::kWrite,
             "BioTime: create an employee {emp_code, first_name, last_name, area: [group ids], card_no...}",
             [&c](ApiCall& call) { save_employee(c, call, true); });
  routes.add("GET", "/personnel/api/employees/{id}", Scope::kRead, "BioTime: one employee",
             [&c](ApiCall& call) { get_employee(c, call); });
  for (const char* method : {"PUT", "PATCH"})
    routes.add(method, "/personnel/api/employees/{id}", Scope::kWrite, "BioTime: change an employee",
               [&c](ApiCall& call) { save_employee(c, call, false); });
  routes.add("DELETE", "/personnel/api/employees/{id}", Scope::kWrite,
             "BioTime: delete an employee (and from the terminals)", [&c](ApiCall& call) { delete_employee(c, call); });
  routes.add("GET", "/personnel/api/areas", Scope::kRead, "BioTime: areas (device groups)",
             [&c](ApiCall& call) { list_areas(c, call); });
  routes.add("GET", "/personnel/api/areas/{id}", Scope::kRead, "BioTime: one area",
             [&c](ApiCall& call) { get_area(c, call); });
  routes.add("GET", "/personnel/api/departments", Scope::kRead, "BioTime: departments (the default one)",
             [&c](ApiCall& call) {
               auto page = biotime_page(call);
               if (page) send_biotime_list(call, *page, 1, json::array({department_json()}), c.secure_cookies);
             });
  routes.add("GET", "/personnel/api/departments/{id}", Scope::kRead, "BioTime: one department",
             [](ApiCall& call) {
               if (call.param(0) != "1") return call.respond(biotime_detail(404, "Not found."));
               call.respond(json_response(department_json()));
             });
  routes.add("GET", "/personnel/api/positions", Scope::kRead, "BioTime: positions (none)", [&c](ApiCall& call) {
    auto page = biotime_page(call);
    if (page) send_biotime_list(call, *page, 0, json::array(), c.secure_cookies);
  });
}

}  // namespace zkpush::api
