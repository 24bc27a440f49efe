// Health, metrics, tokens and the audit log.

#include "api/admin_views.h"
#include "api/api_router.h"
#include "api/openapi.h"
#include "api/responses.h"
#include "protocol/text.h"
#include "service/webhooks.h"
#include "store/record_names.h"
#include "util/clock.h"

namespace zkpush::api {

using store::Scope;

namespace {

// Gauges read at scrape time, after the counters of util/metrics.h.
std::string gauges(ApiContext& c) {
  std::string out;
  const auto devices = c.devices.registry().all();
  const int64_t now = now_ms();
  std::size_t online = 0;
  for (const auto& d : devices) online += c.devices.online(*d, now) ? 1 : 0;
  out += "# HELP zkpush_devices Terminals known, and those seen within 3 x their Delay.\n"
         "# TYPE zkpush_devices gauge\n";
  out += "zkpush_devices{state=\"known\"} " + std::to_string(devices.size()) + "\n";
  out += "zkpush_devices{state=\"online\"} " + std::to_string(online) + "\n";
  const auto health = c.devices.store_health();
  out += "# HELP zkpush_store_up Whether writes commit (writes) and other nodes' changes are heard (change_feed).\n"
         "# TYPE zkpush_store_up gauge\n";
  out += std::string("zkpush_store_up{part=\"writes\"} ") + (health.writes_ok ? "1" : "0") + "\n";
  out += std::string("zkpush_store_up{part=\"change_feed\"} ") + (health.changes_complete ? "1" : "0") + "\n";
  if (auto counts = c.store.command_counts()) {
    out += "# HELP zkpush_commands Commands by state.\n# TYPE zkpush_commands gauge\n";
    const std::pair<const char*, int64_t> states[] = {{"queued", counts->queued}, {"sent", counts->sent},
                                                      {"done", counts->done},     {"failed", counts->failed},
                                                      {"expired", counts->expired}};
    for (const auto& [state, n] : states)
      out += std::string("zkpush_commands{state=\"") + state + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP zkpush_webhook_deliveries_total Webhook POSTs answered 2xx.\n"
         "# TYPE zkpush_webhook_deliveries_total counter\n";
  out += "zkpush_webhook_deliveries_total " + std::to_string(c.webhooks.delivered()) + "\n";
  out += "# HELP zkpush_webhook_failures_total Webhook POSTs that failed (each attempt).\n"
         "# TYPE zkpush_webhook_failures_total counter\n";
  out += "zkpush_webhook_failures_total " + std::to_string(c.webhooks.failed_attempts()) + "\n";
  return out;
}

}  // namespace

void add_access_routes(RouteTable& routes, ApiContext& c) {
  // Always 200 while the process serves: a load balancer must not take every
  // node out when the database is down, since idle polls are still answered.
  routes.add("GET", "/api/v1/health", std::nullopt,
             "Liveness, and the store as this node sees it: {\"status\": \"ok\" or \"degraded\", \"store\": {...}}",
             [&c](ApiCall& call) {
               const auto health = c.devices.store_health();
               const bool ok = health.writes_ok && health.changes_complete;
               call.respond(json_response(json{
                   {"status", ok ? "ok" : "degraded"},
                   {"store",
                    {{"writes", health.writes_ok ? "ok" : "failing"},
                     {"change_feed", health.changes_complete ? "live" : "interrupted"}}}}));
             });

  routes.add("GET", "/api/v1/openapi.json", std::nullopt, "This API's OpenAPI 3 document",
             [](ApiCall& call) { call.respond(json_response(openapi_document())); });

  routes.add("GET", "/metrics", std::nullopt, "Prometheus metrics", [&c](ApiCall& call) {
    http::Response r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = c.metrics.render() + gauges(c);
    call.respond(std::move(r));
  });

  routes.add("GET", "/api/v1/tokens", Scope::kAdmin, "List API tokens (never the tokens themselves)",
             [&c](ApiCall& call) {
               auto tokens = c.store.tokens();
               if (!tokens) return call.respond(error_response(tokens.error()));
               json items = json::array();
               for (const auto& t : *tokens) items.push_back(token_json(t));
               call.respond(json_response(json{{"items", std::move(items)}}));
             });

  routes.add("POST", "/api/v1/tokens", Scope::kAdmin, "Create a token; the response shows it once",
             [&c](ApiCall& call) {
               auto body = json_body(call.request.body, call.respond);
               if (!body) return;
               auto name = body->find("name");
               if (name == body->end() || !name->is_string() || name->get<std::string>().empty())
                 return call.respond(error_response(400, "name: a non-empty string is required"));
               auto scope_text = body->value("scope", std::string("read"));
               auto scope = store::scope_from_name(scope_text);
               if (!scope) return call.respond(error_response(400, "scope: one of read, write, admin"));
               auto created = service::TokenRegistry::create(c.store, name->get<std::string>(), *scope);
               if (!created) return call.respond(error_response(created.error()));
               (void)c.tokens.load();
               call.respond(json_response(
                   json{{"id", created->id}, {"token", created->token}, {"scope", scope_text}}, 201));
             });

  routes.add("DELETE", "/api/v1/tokens/{id}", Scope::kAdmin, "Revoke a token", [&c](ApiCall& call) {
    auto id = protocol::parse_int(call.param(0));
    if (!id) return call.respond(error_response(400, "id: a number is required"));
    auto revoked = service::TokenRegistry::revoke(c.store, *id);
    if (!revoked) return call.respond(error_response(revoked.error()));
    if (!*revoked) return call.respond(error_response(404, "no live token " + call.param(0)));
    (void)c.tokens.load();
    call.respond(json_response(json{{"id", *id}, {"revoked", true}}));
  });

  routes.add("GET", "/api/v1/audit", Scope::kAdmin, "The audit log: every write through the API",
             [&c](ApiCall& call) {
               auto page = page_of(call.query, call.respond);
               if (!page) return;
               send_page(c.store.audit_log(*page), page->limit, audit_json,
                         [](const store::AuditRow& r) { return r.id; }, call.respond);
             });
}

}  // namespace zkpush::api
