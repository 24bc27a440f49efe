// The event stream (Server-Sent Events) and webhooks.

#include <boost/asio/post.hpp>

#include "api/admin_views.h"
#include "api/api_router.h"
#include "api/responses.h"
#include "protocol/text.h"
#include "service/event_feed.h"
#include "service/event_hub.h"
#include "service/webhooks.h"
#include "util/crypto.h"
#include "util/json_text.h"

namespace zkpush::api {

using store::Scope;

namespace {

constexpr int kEventsPerPiece = 100;
constexpr std::chrono::seconds kHeartbeat{15};

// GET /api/v1/events: each event as
//   id: <stream position>\nevent: <kind>\ndata: <JSON>\n\n
// Reads and waits run on the EventHub's loop; a comment line every 15 s
// keeps proxies from closing an idle stream (and finds a vanished client).
class EventStream final : public http::BodyStream, public std::enable_shared_from_this<EventStream> {
 public:
  EventStream(ApiContext& c, store::EventCursor start, std::vector<std::string> kinds)
      : c_(c), cursor_(start), kinds_(std::move(kinds)) {}

  void next(std::function<void(std::string)> deliver) override {
    boost::asio::post(c_.hub.loop(), [self = shared_from_this(), deliver = std::move(deliver)]() mutable {
      self->produce(std::move(deliver), false);
    });
  }

  void cancel() override {
    boost::asio::post(c_.hub.loop(), [self = shared_from_this()] {
      self->cancelled_ = true;
      if (self->waiting_) std::exchange(self->waiting_, nullptr)("");
    });
  }

 private:
  // On the hub's loop.
  void produce(std::function<void(std::string)> deliver, bool after_wait) {
    if (cancelled_) return deliver("");
    if (!opened_) {
      opened_ = true;
      return deliver("retry: 3000\n: zkpush event stream\n\n");
    }
    auto events = service::read_events(c_.store, cursor_, kEventsPerPiece);
    std::string piece;
    if (events) {
      for (const auto& event : *events) {
        cursor_ = event.position;
        if (!service::wants(kinds_, event.kind)) continue;
        piece += "id: " + service::format_cursor(cursor_) + "\nevent: " + event.kind + "\ndata: " +
                 json_text(service::event_json(event)) + "\n\n";
      }
    }
    if (!piece.empty()) return deliver(std::move(piece));
    if (after_wait) return deliver(": keep-alive\n\n");
    waiting_ = std::move(deliver);
    c_.hub.wait(kHeartbeat, [self = shared_from_this()] {
      if (auto d = std::exchange(self->waiting_, nullptr)) self->produce(std::move(d), true);
    });
  }

  ApiContext& c_;
  store::EventCursor cursor_;
  const std::vector<std::string> kinds_;
  std::function<void(std::string)> waiting_;  // on the hub's loop
  bool opened_ = false;
  bool cancelled_ = false;
};

// "a,b" -> {"a", "b"}; an error names an unknown kind.
std::optional<std::string> read_kinds(std::string_view text, std::vector<std::string>& kinds) {
  for (auto part : protocol::split(text, ',')) {
    auto kind = std::string(protocol::trim(part));
    if (kind.empty()) continue;
    const auto& known = service::event_kinds();
    if (std::find(known.begin(), known.end(), kind) == known.end()) return "kinds: unknown event kind " + kind;
    kinds.push_back(kind);
  }
  return std::nullopt;
}

// Where a stream starts: Last-Event-ID, else ?after=, else the end (from now).
Result<store::EventCursor> stream_start(ApiContext& c, const ApiCall& call) {
  std::string_view from = call.request.header("Last-Event-ID");
  if (from.empty()) from = call.query.get("after").value_or("");
  if (from.empty()) return c.store.event_end();
  auto parsed = service::parse_cursor(protocol::trim(from));
  if (!parsed) return Error::invalid("Last-Event-ID: an id this stream sent (A.P.E)");
  return *parsed;
}

void stream_events(ApiContext& c, ApiCall& call) {
  std::vector<std::string> kinds;
  if (auto e = read_kinds(call.query.value_or("kinds", ""), kinds)) return call.respond(error_response(400, *e));
  auto start = stream_start(c, call);
  if (!start) return call.respond(error_response(start.error()));
  http::Response r;
  r.content_type = "text/event-stream";
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.stream = std::make_shared<EventStream>(c, *start, std::move(kinds));
  call.respond(std::move(r));
}

void list_webhooks(ApiContext& c, ApiCall& call) {
  auto hooks = c.store.webhooks();
  if (!hooks) return call.respond(error_response(hooks.error()));
  json items = json::array();
  for (const auto& w : *hooks)
    if (w.target == "webhook") items.push_back(webhook_json(w));  // connectors: /api/v1/connectors
  call.respond(json_response(json{{"items", std::move(items)}}));
}

// The url, kinds and secret of a POST body (a missing secret is generated).
Result<store::WebhookRow> webhook_of(const json& body, bool generated) {
  store::WebhookRow w;
  w.url = body.value("url", std::string());
  if (!protocol::istarts_with(w.url, "http://") && !protocol::istarts_with(w.url, "https://"))
    return Error::invalid("url: an http:// or https:// URL is required");
  if (body.contains("kinds")) {
    if (!body["kinds"].is_array()) return Error::invalid("kinds: an array of event kinds");
    std::string joined;
    for (const auto& k : body["kinds"]) {
      if (!k.is_string()) return Error::invalid("kinds: an array of event kinds");
      joined += k.get<std::string>() + ",";
    }
    if (auto e = read_kinds(joined, w.kinds)) return Error::invalid(*e);
  }
  w.secret = generated ? random_hex(24) : body.value("secret", std::string());
  if (w.secret.size() < 16) return Error::invalid("secret: at least 16 characters");
  return w;
}

void create_webhook(ApiContext& c, ApiCall& call) {
  auto body = json_body(call.request.body, call.respond);
  if (!body) return;
  const bool generated = !body->contains("secret");
  auto w = webhook_of(*body, generated);
  if (!w) return call.respond(error_response(w.error()));
  c.webhooks.create(std::move(*w), false, [generated, respond = call.respond](Result<store::WebhookRow> created) {
    if (!created) return respond(error_response(created.error()));
    json out = webhook_json(*created);
    if (generated) out["secret"] = created->secret;
    respond(json_response(out, 201));
  });
}

// The path's webhook id, or nullopt (and a 400 sent).
std::optional<long long> webhook_id(ApiCall& call) {
  auto id = protocol::parse_int(call.param(0));
  if (!id) call.respond(error_response(400, "id: a number is required"));
  return id;
}

void delete_webhook(ApiContext& c, ApiCall& call) {
  auto id = webhook_id(call);
  if (!id) return;
  c.webhooks.remove(*id, [id = *id, respond = call.respond](Status s, bool found) {
    if (!s) return respond(error_response(s.error()));
    if (!found) return respond(error_response(404, "no webhook " + std::to_string(id)));
    respond(json_response(json{{"id", id}, {"deleted", true}}));
  });
}

void webhook_deliveries(ApiContext& c, ApiCall& call) {
  auto id = webhook_id(call);
  if (!id) return;
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  send_page(c.store.deliveries(*id, *page), page->limit, delivery_json,
            [](const store::DeliveryRow& d) { return d.id; }, call.respond);
}

void test_webhook(ApiContext& c, ApiCall& call) {
  auto id = webhook_id(call);
  if (!id) return;
  c.webhooks.send_test(*id, [respond = call.respond](Result<service::PostResult> result) {
    if (!result) return respond(error_response(result.error()));
    const bool ok = result->status >= 200 && result->status < 300;
    respond(json_response(json{{"ok", ok}, {"status", result->status}, {"error", result->error}}));
  });
}

void retry_webhook(ApiContext& c, ApiCall& call) {
  auto id = webhook_id(call);
  if (!id) return;
  c.webhooks.retry(*id);
  call.respond(json_response(json{{"id", *id}, {"retrying", true}}, 202));
}

}  // namespace

void add_event_routes(RouteTable& routes, ApiContext& c) {
  using Handler = void (*)(ApiContext&, ApiCall&);
  auto add = [&](const char* method, const char* pattern, Scope scope, const char* summary, Handler handler) {
    routes.add(method, pattern, scope, summary, [&c, handler](ApiCall& call) { handler(c, call); });
  };
  add("GET", "/api/v1/events", Scope::kRead,
      "Server-Sent Events: every event from now, or from Last-Event-ID / ?after=; ?kinds=a,b", stream_events);
  add("GET", "/api/v1/webhooks", Scope::kAdmin, "Webhooks (the secrets are never shown)", list_webhooks);
  add("POST", "/api/v1/webhooks", Scope::kAdmin,
      "Create a webhook: {url, kinds: [...] (none: all), secret (none: generated and shown once)}", create_webhook);
  add("DELETE", "/api/v1/webhooks/{id}", Scope::kAdmin, "Delete a webhook", delete_webhook);
  add("GET", "/api/v1/webhooks/{id}/deliveries", Scope::kAdmin,
      "The delivery log: each event attempted, its attempts, status and last error", webhook_deliveries);
  add("POST", "/api/v1/webhooks/{id}/retry", Scope::kAdmin, "Retry a failing delivery now", retry_webhook);
  add("POST", "/api/v1/webhooks/{id}/test", Scope::kAdmin,
      "POST a signed webhook.test event to the webhook now and say what it answered", test_webhook);
}

}  // namespace zkpush::api
