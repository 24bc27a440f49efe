// Connectors (service/connectors/): webhooks whose target is ERPNext or
// Odoo, with their settings, status, delivery log, test button and retry.
// The name is kept in the config object ("name"), shown apart from it.

#include <algorithm>

#include "api/admin_views.h"
#include "api/api_router.h"
#include "api/responses.h"
#include "protocol/text.h"
#include "service/connectors/backlog.h"
#include "service/connectors/connector.h"
#include "service/event_feed.h"
#include "store/record_names.h"
#include "service/webhooks.h"
#include "util/json_text.h"

namespace zkpush::api {

using store::Scope;
namespace connectors = service::connectors;

namespace {

json stored_config(const store::WebhookRow& row) {
  json config = json::parse(row.config, nullptr, false);
  return config.is_object() ? config : json::object();
}

json connector_view(const store::WebhookRow& row) {
  json config = stored_config(row);
  const std::string name = config.value("name", std::string());
  config.erase("name");
  return json{{"id", row.id},
              {"target", row.target},
              {"name", name},
              {"config", connectors::masked_config(config)},
              {"created_at", iso_time(row.created_at)},
              {"cursor", service::format_cursor(row.cursor)}};
}

// The connector of the path's id; nullopt (and a 400 or 404 sent) otherwise.
std::optional<store::WebhookRow> connector_of(ApiContext& c, ApiCall& call) {
  auto id = protocol::parse_int(call.param(0));
  if (!id) {
    call.respond(error_response(400, "id: a number is required"));
    return std::nullopt;
  }
  auto rows = c.store.webhooks();
  if (!rows) {
    call.respond(error_response(rows.error()));
    return std::nullopt;
  }
  auto it = std::find_if(rows->begin(), rows->end(), [&](const store::WebhookRow& w) {
    return w.id == *id && connectors::is_connector_target(w.target);
  });
  if (it == rows->end()) {
    call.respond(error_response(404, "no connector " + std::to_string(*id)));
    return std::nullopt;
  }
  return *it;
}

// The config with the name in it, checked; an error names the bad field.
Result<json> checked_config(const std::string& target, json config, const json& name) {
  if (!name.is_null()) {
    if (!name.is_string()) return Error::invalid("name: a string");
    config["name"] = name;
  }
  if (Status s = connectors::check_connector_config(target, config); !s) return s.error();
  return config;
}

void list_connectors(ApiContext& c, ApiCall& call) {
  auto rows = c.store.webhooks();
  if (!rows) return call.respond(error_response(rows.error()));
  json items = json::array();
  for (const auto& row : *rows)
    if (connectors::is_connector_target(row.target)) items.push_back(connector_view(row));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

void create_connector(ApiContext& c, ApiCall& call) {
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  store::WebhookRow row;
  row.target = body->value("target", std::string());
  if (!connectors::is_connector_target(row.target))
    return call.respond(error_response(400, "target: \"erpnext\" or \"odoo\""));
  const json from = body->value("from", json("now"));
  if (from != "now" && from != "beginning")
    return call.respond(error_response(400, "from: \"now\" (the default) or \"beginning\""));
  auto config = checked_config(row.target, body->value("config", json()), body->value("name", json()));
  if (!config) return call.respond(error_response(config.error()));
  row.url = config->value("url", std::string());  // where it sends, for the webhook views
  row.kinds = {"attendance.created"};
  row.config = json_text(*config);
  c.webhooks.create(std::move(row), from == "beginning", [respond = call.respond](Result<store::WebhookRow> created) {
    if (!created) return respond(error_response(created.error()));
    respond(json_response(connector_view(*created), 201));
  });
}

// Its settings and where its deliveries stand.
void get_connector(ApiContext& c, ApiCall& call) {
  auto row = connector_of(c, call);
  if (!row) return;
  auto summary = c.store.delivery_summary(row->id);
  if (!summary) return call.respond(error_response(summary.error()));
  auto common = connectors::read_common_settings(stored_config(*row));
  if (!common) return call.respond(error_response(common.error()));
  auto backlog = connectors::connector_backlog(c.store, *common, row->cursor.attendance, c.webhooks.terminals());
  if (!backlog) return call.respond(error_response(backlog.error()));
  json last_error = nullptr;
  if (const auto& f = summary->last_failure)
    last_error = json{{"text", f->last_error},
                      {"at", iso_time(f->last_attempt_at)},
                      {"event_id", f->event_id},
                      {"status", store::delivery_status_name(f->status)},
                      {"http_status", f->last_http_status ? json(*f->last_http_status) : json(nullptr)}};
  json out = connector_view(*row);
  out["status"] = json{
      {"last_success_at", summary->last_delivered_at ? json(iso_time(*summary->last_delivered_at)) : json(nullptr)},
      {"last_error", std::move(last_error)},
      {"backlog", *backlog}};
  call.respond(json_response(out));
}

// {"config": {...}, "name": "..."}: the keys given replace those on file
// (null removes one), so a masked secret read back need not be sent again.
void patch_connector(ApiContext& c, ApiCall& call) {
  auto row = connector_of(c, call);
  if (!row) return;
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  const json changes = body->value("config", json::object());
  if (!changes.is_object()) return call.respond(error_response(400, "config: an object"));
  json config = stored_config(*row);
  for (const auto& [key, value] : changes.items()) {
    if (value.is_null()) config.erase(key);
    else config[key] = value;
  }
  auto checked = checked_config(row->target, std::move(config), body->value("name", json()));
  if (!checked) return call.respond(error_response(checked.error()));
  // The workers follow through the change feed (serve.cc reloads them).
  store::WebhookRow updated = *row;
  updated.config = json_text(*checked);
  c.webhooks.update_config(row->id, updated.config,
                           [updated, respond = call.respond](Status s, bool found) {
                             if (!s) return respond(error_response(s.error()));
                             if (!found) return respond(error_response(404, "no connector " + std::to_string(updated.id)));
                             respond(json_response(connector_view(updated)));
                           });
}

void delete_connector(ApiContext& c, ApiCall& call) {
  auto row = connector_of(c, call);
  if (!row) return;
  c.webhooks.remove(row->id, [id = row->id, respond = call.respond](Status s, bool found) {
    if (!s) return respond(error_response(s.error()));
    if (!found) return respond(error_response(404, "no connector " + std::to_string(id)));
    respond(json_response(json{{"id", id}, {"deleted", true}}));
  });
}

void connector_deliveries(ApiContext& c, ApiCall& call) {
  auto row = connector_of(c, call);
  if (!row) return;
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  send_page(c.store.deliveries(row->id, *page), page->limit, delivery_json,
            [](const store::DeliveryRow& d) { return d.id; }, call.respond);
}

void test_connector(ApiContext& c, ApiCall& call) {
  auto row = connector_of(c, call);
  if (!row) return;
  c.webhooks.test_connector(row->id, [respond = call.respond](Result<connectors::TestAnswer> answer) {
    if (!answer) return respond(error_response(answer.error()));
    respond(json_response(json{{"ok", answer->ok}, {"http_status", answer->http_status}, {"message", answer->message}}));
  });
}

void retry_connector(ApiContext& c, ApiCall& call) {
  auto row = connector_of(c, call);
  if (!row) return;
  c.webhooks.retry(row->id);
  call.respond(json_response(json{{"id", row->id}, {"retrying", true}}, 202));
}

}  // namespace

void add_connector_routes(RouteTable& routes, ApiContext& c) {
  using Handler = void (*)(ApiContext&, ApiCall&);
  auto add = [&](const char* method, const char* pattern, const char* summary, Handler handler) {
    routes.add(method, pattern, Scope::kAdmin, summary, [&c, handler](ApiCall& call) { handler(c, call); });
  };
  add("GET", "/api/v1/connectors", "Connectors to ERPNext / Odoo (secrets masked)", list_connectors);
  add("POST", "/api/v1/connectors", "Create a connector: {target: erpnext|odoo, name, config: {...}, from: now|beginning}",
      create_connector);
  add("GET", "/api/v1/connectors/{id}", "A connector's settings and status: last success, last error, backlog",
      get_connector);
  add("PATCH", "/api/v1/connectors/{id}", "Change a connector's config (the keys given) or name", patch_connector);
  add("DELETE", "/api/v1/connectors/{id}", "Delete a connector", delete_connector);
  add("GET", "/api/v1/connectors/{id}/deliveries",
      "The delivery log: each punch attempted, its attempts, status and last error", connector_deliveries);
  add("POST", "/api/v1/connectors/{id}/test", "Sign in to the target now and say what it answered", test_connector);
  add("POST", "/api/v1/connectors/{id}/retry", "Retry a failing delivery now", retry_connector);
}

}  // namespace zkpush::api
