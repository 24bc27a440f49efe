// Persons: the server's own people, with their biometrics and their
// assignments to device groups and terminals. Every change goes through the
// person service (service/person_service.h), whose sync engine then queues
// what each affected terminal needs.

#include "api/admin_views.h"
#include "api/api_router.h"
#include "api/request_bodies.h"
#include "api/responses.h"
#include "protocol/record_time.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "store/record_names.h"

namespace zkpush::api {

using store::Scope;

namespace {

constexpr std::size_t kMaxTextLength = 64;

// Reads the person fields present in `body` over `f`; the first problem as
// "<field>: <what is wrong>".
std::optional<std::string> read_fields(const json& body, store::PersonFields& f) {
  auto text = [&](const char* key, std::string& field, std::size_t max) -> std::optional<std::string> {
    if (!body.contains(key)) return std::nullopt;
    const json& v = body[key];
    if (v.is_null()) {
      field.clear();
      return std::nullopt;
    }
    if (!v.is_string()) return std::string(key) + ": a string is required";
    std::string s = v.get<std::string>();
    if (s.size() > max) return std::string(key) + ": at most " + std::to_string(max) + " characters";
    if (!line_safe(s)) return std::string(key) + ": no TAB, line breaks or NUL";
    field = std::move(s);
    return std::nullopt;
  };
  auto digits = [&](const char* key, std::string& field) -> std::optional<std::string> {
    if (auto e = text(key, field, 20)) return e;
    for (char c : field)
      if (c < '0' || c > '9') return std::string(key) + ": digits only";
    return std::nullopt;
  };
  for (auto e : {text("name", f.name, kMaxTextLength), text("password", f.password, 16), digits("card", f.card),
                 digits("vice_card", f.vice_card), text("group", f.access_group, 16),
                 text("time_zones", f.time_zones, 32), text("valid_from", f.valid_from, 19),
                 text("valid_to", f.valid_to, 19), text("phone", f.phone, kMaxTextLength),
                 text("gender", f.gender, 8), text("id_number", f.id_number, kMaxTextLength)})
    if (e) return e;
  for (auto [key, value] : {std::pair{"valid_from", &f.valid_from}, std::pair{"valid_to", &f.valid_to}})
    if (!value->empty() && (value->size() != 19 || !protocol::is_record_time(*value)))
      return std::string(key) + ": YYYY-MM-DD HH:MM:SS";
  if (body.contains("privilege")) {
    const json& p = body["privilege"];
    if (!p.is_number_integer()) return std::string("privilege: 0 (user), 2 (registrar), 6 (admin) or 14 (super admin)");
    const int v = p.get<int>();
    if (v != 0 && v != 2 && v != 6 && v != 14)
      return std::string("privilege: 0 (user), 2 (registrar), 6 (admin) or 14 (super admin)");
    f.privilege = v;
  }
  if (body.contains("verify_mode")) {
    const json& v = body["verify_mode"];
    if (v.is_null()) {
      f.verify_mode.reset();
    } else if (v.is_number_integer() && v.get<int>() >= -1 && v.get<int>() <= 255) {
      f.verify_mode = v.get<int>();
    } else {
      return std::string("verify_mode: a verification mode number (004 appendix 7) or null");
    }
  }
  return std::nullopt;
}

// {"groups": [ids], "devices": [SNs]} of `body`, when present.
std::optional<std::string> read_assignments(ApiContext& c, const json& body, store::SetAssignments& out, bool& present) {
  present = body.contains("groups") || body.contains("devices");
  if (body.contains("groups")) {
    if (!body["groups"].is_array()) return std::string("groups: an array of group ids is required");
    for (const auto& g : body["groups"]) {
      if (!g.is_number_integer()) return std::string("groups: an array of group ids is required");
      out.group_ids.push_back(g.get<int64_t>());
    }
  }
  if (body.contains("devices")) {
    if (!body["devices"].is_array()) return std::string("devices: an array of serial numbers is required");
    for (const auto& sn : body["devices"]) {
      if (!sn.is_string()) return std::string("devices: an array of serial numbers is required");
      auto device = c.devices.registry().find(sn.get<std::string>());
      if (!device) return "devices: no device with SN " + sn.get<std::string>();
      out.device_ids.push_back(device->id());
    }
  }
  return std::nullopt;
}

// The person, their biometrics (without data) and assignments.
void respond_person(ApiContext& c, const std::string& pin, const http::Responder& respond, int status = 200) {
  auto person = c.store.person(pin);
  if (!person) return respond(error_response(person.error()));
  if (!person->has_value()) return respond(error_response(404, "no person with PIN " + pin));
  json out = person_json(**person);
  auto biometrics = c.store.biometrics((*person)->id);
  auto assignments = c.store.assignments((*person)->id);
  if (!biometrics || !assignments) return respond(error_response(503, "storage unavailable"));
  out["biometrics"] = json::array();
  for (const auto& b : *biometrics) out["biometrics"].push_back(biometric_json(b, false));
  json devices = json::array();
  for (auto id : assignments->device_ids)
    if (auto d = c.devices.registry().find(id)) devices.push_back(d->sn());
  out["assignments"] = json{{"groups", assignments->group_ids}, {"devices", std::move(devices)}};
  respond(json_response(out, status));
}

// Create (POST), replace (PUT) or change (PATCH) a person.
void save_person(ApiContext& c, ApiCall& call, std::string pin, bool create, bool merge) {
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  if (create) {
    if (!body->contains("pin") || !(*body)["pin"].is_string())
      return call.respond(error_response(400, "pin: a string is required"));
    pin = (*body)["pin"].get<std::string>();
  }
  if (auto e = check_pin(pin)) return call.respond(error_response(400, *e));
  store::PersonFields fields;
  if (merge) {
    auto existing = c.store.person(pin);
    if (!existing) return call.respond(error_response(existing.error()));
    if (!existing->has_value()) return call.respond(error_response(404, "no person with PIN " + pin));
    fields = (*existing)->fields;
  }
  if (auto e = read_fields(*body, fields)) return call.respond(error_response(400, *e));
  store::SetAssignments assignments{pin, {}, {}};
  bool with_assignments = false;
  if (auto e = read_assignments(c, *body, assignments, with_assignments)) return call.respond(error_response(400, *e));

  auto answer = [&c, pin, create, respond = call.respond](Status s) {
    if (!s) {
      if (s.error().kind == Error::Kind::kMissingReference)
        return respond(error_response(400, "groups: no such group"));
      if (create && s.error().kind == Error::Kind::kInvalidInput)
        return respond(error_response(409, "pin: " + s.error().message));
      return respond(error_response(s.error()));
    }
    respond_person(c, pin, respond, create ? 201 : 200);
  };
  c.devices.persons().save(pin, std::move(fields),
                           with_assignments ? std::optional(std::move(assignments)) : std::nullopt,
                           call.principal.change_source(), create, std::move(answer));
}

// The biometric's natural key from the path ({kind}/{no}) and ?type=&index=.
std::optional<std::string> biometric_key(ApiCall& call, store::BiometricRow& b) {
  auto kind = store::biometric_kind_from_name(call.param(1));
  if (!kind)
    return "kind: one of fingerprint, face, finger_vein, biodata, user_photo, bio_photo";
  b.kind = *kind;
  auto no = protocol::parse_int(call.param(2));
  if (!no || *no < 0 || *no > 99) return std::string("no: a number from 0 to 99 (FID for fingerprints: 0-9)");
  if (b.kind == store::BiometricKind::kFingerprint && *no > 9) return std::string("no: a fingerprint's FID is 0-9");
  b.no = static_cast<int>(*no);
  for (auto [key, field] : {std::pair{"type", &b.bio_type}, std::pair{"index", &b.index}}) {
    auto value = call.query.get(key);
    if (!value) continue;
    auto n = protocol::parse_int(*value);
    if (!n || *n < 0 || *n > 99) return std::string(key) + ": a number from 0 to 99";
    *field = static_cast<int>(*n);
  }
  if ((b.kind == store::BiometricKind::kBiodata || b.kind == store::BiometricKind::kBioPhoto) && !call.query.get("type"))
    return std::string("type: the biometric type (004 appendix 10) is required for biodata and bio_photo");
  return std::nullopt;
}

void put_biometric(ApiContext& c, ApiCall& call) {
  const std::string pin = call.param(0);
  store::BiometricRow b;
  if (auto e = biometric_key(call, b)) return call.respond(error_response(400, *e));
  const bool raw = protocol::istarts_with(call.request.header("Content-Type"), "application/octet-stream");
  if (raw) {
    if (call.request.body.empty()) return call.respond(error_response(400, "body: the template or photo bytes"));
    b.data = protocol::encode_base64(call.request.body);
    b.algorithm = call.query.value_or("algorithm", "");
  } else {
    auto body = json_body(call.request.body, call.respond);
    if (!body) return;
    if (!body->contains("data") || !(*body)["data"].is_string() || (*body)["data"].get<std::string>().empty())
      return call.respond(error_response(400, "data: the template or photo, base64, is required"));
    b.data = (*body)["data"].get<std::string>();
    if (!protocol::decode_base64(b.data)) return call.respond(error_response(400, "data: not valid base64"));
    b.algorithm = body->value("algorithm", std::string());
    b.minor_ver = body->value("minor_ver", std::string());
    b.format = body->value("format", std::string());
    b.valid = body->value("valid", 1);
    b.duress = body->value("duress", 0);
  }
  if (store::is_template(b.kind) && b.algorithm.empty())
    return call.respond(error_response(400, "algorithm: the template's algorithm version (e.g. 10 for ZKFinger 10.0) is required"));
  if (!line_safe(b.algorithm) || !line_safe(b.minor_ver) || !line_safe(b.format) ||
      b.data.find_first_of("\t\r\n") != std::string::npos)
    return call.respond(error_response(400, "data: no TAB or line breaks"));
  b.source = call.principal.change_source();
  c.devices.persons().save_biometric(pin, std::move(b), [&c, pin, respond = call.respond](Status s, bool found) {
    if (!s) return respond(error_response(s.error()));
    if (!found) return respond(error_response(404, "no person with PIN " + pin));
    respond_person(c, pin, respond);
  });
}

// The biometrics of the path's person, or nullopt (and an error sent).
std::optional<std::vector<store::BiometricRow>> biometrics_of(ApiContext& c, ApiCall& call) {
  auto person = c.store.person(call.param(0));
  if (!person || !person->has_value()) {
    call.respond(person ? error_response(404, "no person with PIN " + call.param(0)) : error_response(person.error()));
    return std::nullopt;
  }
  auto biometrics = c.store.biometrics((*person)->id);
  if (!biometrics) {
    call.respond(error_response(biometrics.error()));
    return std::nullopt;
  }
  return std::move(*biometrics);
}

void get_biometric(ApiContext& c, ApiCall& call) {
  store::BiometricRow key;
  if (auto e = biometric_key(call, key)) return call.respond(error_response(400, *e));
  auto biometrics = biometrics_of(c, call);
  if (!biometrics) return;
  for (const auto& b : *biometrics) {
    if (b.kind != key.kind || b.no != key.no || b.bio_type != key.bio_type || b.index != key.index) continue;
    if (protocol::istarts_with(call.request.header("Accept"), "application/octet-stream")) {
      auto bytes = protocol::decode_base64(b.data);
      if (!bytes) return call.respond(error_response(500, "stored data is not base64"));
      http::Response r;
      r.content_type = "application/octet-stream";
      r.body = std::move(*bytes);
      return call.respond(std::move(r));
    }
    return call.respond(json_response(biometric_json(b, true)));
  }
  call.respond(error_response(404, "no such biometric"));
}

void list_persons(ApiContext& c, ApiCall& call) {
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  store::PersonQuery q;
  q.after = page->after;
  q.limit = page->limit;
  if (auto s = call.query.get("search"); s && !s->empty()) q.search = std::string(*s);
  if (auto g = call.query.get("group"); g && !g->empty()) {
    q.group = protocol::parse_int(*g);
    if (!q.group) return call.respond(error_response(400, "group: a group id"));
  }
  send_page(c.store.persons(q), q.limit, person_json, [](const store::PersonRow& p) { return p.id; }, call.respond);
}

void create_person(ApiContext& c, ApiCall& call) { save_person(c, call, {}, true, false); }
void get_person(ApiContext& c, ApiCall& call) { respond_person(c, call.param(0), call.respond); }
void replace_person(ApiContext& c, ApiCall& call) { save_person(c, call, call.param(0), false, false); }
void patch_person(ApiContext& c, ApiCall& call) { save_person(c, call, call.param(0), false, true); }

void delete_person(ApiContext& c, ApiCall& call) {
  const std::string pin = call.param(0);
  c.devices.persons().remove(pin, [pin, respond = call.respond](Status s, bool found) {
    if (!s) return respond(error_response(s.error()));
    if (!found) return respond(error_response(404, "no person with PIN " + pin));
    respond(json_response(json{{"pin", pin}, {"deleted", true}}));
  });
}

void put_assignments(ApiContext& c, ApiCall& call) {
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  const std::string pin = call.param(0);
  store::SetAssignments assignments{pin, {}, {}};
  bool present = false;
  if (auto e = read_assignments(c, *body, assignments, present)) return call.respond(error_response(400, *e));
  c.devices.persons().assign(std::move(assignments), [&c, pin, respond = call.respond](Status s) {
    if (!s) {
      if (s.error().kind == Error::Kind::kMissingReference)
        return respond(error_response(400, "groups: no such group"));
      return respond(error_response(s.error()));
    }
    respond_person(c, pin, respond);
  });
}

void list_biometrics(ApiContext& c, ApiCall& call) {
  auto biometrics = biometrics_of(c, call);
  if (!biometrics) return;
  json items = json::array();
  for (const auto& b : *biometrics) items.push_back(biometric_json(b, false));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

void delete_biometric(ApiContext& c, ApiCall& call) {
  store::BiometricRow key;
  if (auto e = biometric_key(call, key)) return call.respond(error_response(400, *e));
  const std::string pin = call.param(0);
  c.devices.persons().delete_biometric(pin, key, [&c, pin, respond = call.respond](Status s, bool found) {
    if (!s) return respond(error_response(s.error()));
    if (!found) return respond(error_response(404, "no such biometric"));
    respond_person(c, pin, respond);
  });
}

}  // namespace

void add_person_routes(RouteTable& routes, ApiContext& c) {
  using Handler = void (*)(ApiContext&, ApiCall&);
  auto add = [&](const char* method, const char* pattern, Scope scope, const char* summary, Handler handler) {
    routes.add(method, pattern, scope, summary, [&c, handler](ApiCall& call) { handler(c, call); });
  };
  add("GET", "/api/v1/persons", Scope::kRead,
      "Persons: ?search= (PIN, name, card), ?group= (assigned to it), ?after=, ?limit=", list_persons);
  add("POST", "/api/v1/persons", Scope::kWrite, "Create a person (and assign: \"groups\", \"devices\")",
      create_person);
  add("GET", "/api/v1/persons/{pin}", Scope::kRead, "A person with biometrics (no data) and assignments", get_person);
  add("PUT", "/api/v1/persons/{pin}", Scope::kWrite, "Replace a person's fields (absent ones are cleared)",
      replace_person);
  add("PATCH", "/api/v1/persons/{pin}", Scope::kWrite, "Change some of a person's fields", patch_person);
  add("DELETE", "/api/v1/persons/{pin}", Scope::kWrite, "Delete a person (and from every terminal)", delete_person);
  add("PUT", "/api/v1/persons/{pin}/assignments", Scope::kWrite,
      "Assign a person to device groups and terminals: {\"groups\": [1], \"devices\": [\"SN\"]}", put_assignments);
  add("GET", "/api/v1/persons/{pin}/biometrics", Scope::kRead, "A person's templates and photos (no data)",
      list_biometrics);
  add("GET", "/api/v1/persons/{pin}/biometrics/{kind}/{no}", Scope::kRead,
      "One template or photo: JSON with base64 data, or the bytes with Accept: application/octet-stream",
      get_biometric);
  add("PUT", "/api/v1/persons/{pin}/biometrics/{kind}/{no}", Scope::kWrite,
      "Store a template or photo: JSON {data (base64), algorithm...} or the bytes (application/octet-stream)",
      put_biometric);
  add("DELETE", "/api/v1/persons/{pin}/biometrics/{kind}/{no}", Scope::kWrite, "Remove a template or photo",
      delete_biometric);
}

}  // namespace zkpush::api
