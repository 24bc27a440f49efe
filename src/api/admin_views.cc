#include "api/admin_views.h"

#include "api/json_views.h"
#include "protocol/route.h"
#include "service/event_feed.h"
#include "store/record_names.h"

namespace zkpush::api {

using nlohmann::json;

json person_json(const store::PersonRow& p) {
  const store::PersonFields& f = p.fields;
  return json{{"id", p.id},
              {"pin", p.pin},
              {"name", f.name},
              {"privilege", f.privilege},
              {"password", f.password.empty() ? json(nullptr) : json("***")},
              {"card", f.card},
              {"vice_card", f.vice_card},
              {"group", f.access_group},
              {"time_zones", f.time_zones},
              {"verify_mode", f.verify_mode ? json(*f.verify_mode) : json(nullptr)},
              {"valid_from", f.valid_from},
              {"valid_to", f.valid_to},
              {"phone", f.phone},
              {"gender", f.gender},
              {"id_number", f.id_number},
              {"revision", p.revision},
              {"created_at", iso_time(p.created_at)},
              {"updated_at", iso_time(p.updated_at)},
              {"updated_by", p.updated_by}};
}

json biometric_json(const store::BiometricRow& b, bool with_data) {
  json out{{"id", b.id},          {"kind", store::biometric_kind_name(b.kind)},
           {"type", b.bio_type},  {"no", b.no},
           {"index", b.index},    {"valid", b.valid},
           {"duress", b.duress},  {"algorithm", b.algorithm},
           {"minor_ver", b.minor_ver}, {"format", b.format},
           {"source", b.source},  {"size", b.data.size()},
           {"updated_at", iso_time(b.updated_at)}};
  if (with_data) out["data"] = b.data;
  return out;
}

json group_json(const store::GroupRow& g) {
  return json{{"id", g.id},
              {"name", g.name},
              {"propagate_enrolments", g.propagate_enrolments},
              {"created_at", iso_time(g.created_at)}};
}

json token_json(const store::TokenRow& t) {
  return json{{"id", t.id},
              {"name", t.name},
              {"scope", store::scope_name(t.scope)},
              {"prefix", t.prefix},
              {"created_at", iso_time(t.created_at)},
              {"revoked_at", t.revoked_at ? json(iso_time(*t.revoked_at)) : json(nullptr)}};
}

json audit_json(const store::AuditRow& a) {
  return json{{"id", a.id},         {"at", iso_time(a.at)},        {"token_id", a.token_id ? json(*a.token_id) : json(nullptr)},
              {"account_id", a.account_id ? json(*a.account_id) : json(nullptr)},
              {"token", a.token_name}, {"method", a.method},       {"path", a.path},
              {"status", a.status}, {"detail", a.detail}};
}

json webhook_json(const store::WebhookRow& w) {
  return json{{"id", w.id},
              {"url", w.url},
              {"kinds", w.kinds},
              {"created_at", iso_time(w.created_at)},
              {"cursor", service::format_cursor(w.cursor)}};
}

json delivery_json(const store::DeliveryRow& d) {
  return json{{"id", d.id},
              {"event_id", d.event_id},
              {"event_kind", d.event_kind},
              {"status", store::delivery_status_name(d.status)},
              {"attempts", d.attempts},
              {"last_http_status", d.last_http_status ? json(*d.last_http_status) : json(nullptr)},
              {"last_error", d.last_error},
              {"first_attempt_at", iso_time(d.first_attempt_at)},
              {"last_attempt_at", iso_time(d.last_attempt_at)},
              {"delivered_at", d.delivered_at ? json(iso_time(*d.delivered_at)) : json(nullptr)}};
}

json request_log_json(const service::Device::RequestLogEntry& e) {
  return json{{"at", iso_time(e.at_ms)},
              {"endpoint", protocol::endpoint_label(e.endpoint)},
              {"table", e.table},
              {"status", e.status},
              {"request_bytes", e.request_bytes},
              {"response_bytes", e.response_bytes},
              {"duration_ms", e.duration_us / 1000.0}};
}

}  // namespace zkpush::api
