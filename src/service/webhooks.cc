#include "service/webhooks.h"

#include <algorithm>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "service/event_feed.h"
#include "service/store_failure.h"
#include "util/clock.h"
#include "util/crypto.h"
#include "util/json_text.h"
#include "build_version.h"

namespace zkpush::service {

namespace asio = boost::asio;

namespace {

constexpr int kEventsPerRead = 50;
constexpr std::chrono::seconds kIdleWait{30};
constexpr std::chrono::seconds kErrorWait{5};
// How often a node that does not deliver looks whether it should.
constexpr std::chrono::seconds kLeaseWait{5};

// Submits `batch` and resumes the coroutine on its own executor once the
// batch is committed.
asio::awaitable<Status> commit(store::Store& store, store::WriteBatch batch) {
  auto executor = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Status)>(
      [&store, executor](auto handler, store::WriteBatch b) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        store.submit(std::move(b), [shared, executor](Status status, store::WriteBatch&) {
          asio::post(executor, [shared, status]() mutable { std::move(*shared)(status); });
        });
      },
      asio::use_awaitable, std::move(batch));
}

// The headers of one POST: what it is, and its signature over the body.
std::vector<std::pair<std::string, std::string>> delivery_headers(const Event& event, const std::string& secret,
                                                                  const std::string& body) {
  const std::string timestamp = std::to_string(now_ms() / 1000);
  return {
      {"Content-Type", "application/json"},
      {"User-Agent", std::string("zkpush/") + ZKPUSH_VERSION},
      {"X-Zkpush-Event", event.kind},
      {"X-Zkpush-Event-Id", event.id},
      {"X-Zkpush-Timestamp", timestamp},
      {"X-Zkpush-Signature", WebhookDispatcher::signature(secret, timestamp, body)},
  };
}

std::string failure_text(const PostResult& result) {
  return result.error.empty() ? "HTTP " + std::to_string(result.status) : result.error;
}

// One attempt at an event, by a plain POST or by a connector.
struct Attempt {
  bool ok = false;
  bool refused = false;  // a connector's target said no for good: given up at once
  int status = 0;        // the HTTP status; 0 when none
  std::string error;     // why not (or a connector's note on a delivery)
};

Attempt attempt_of(const PostResult& result) {
  const bool ok = result.status >= 200 && result.status < 300;
  return {ok, false, result.status, ok ? "" : failure_text(result)};
}

Attempt attempt_of(const connectors::Outcome& outcome) {
  using Kind = connectors::Outcome::Kind;
  return {outcome.kind == Kind::kDelivered, outcome.kind == Kind::kRefused, outcome.http_status, outcome.error};
}

// One attempt's outcome; a settled event (delivered or given up) moves the
// webhook's cursor past it.
store::RecordDelivery delivery_record(int64_t webhook, const Event& event, const Attempt& attempt, bool give_up) {
  store::RecordDelivery record;
  record.webhook_id = webhook;
  record.event_id = event.id;
  record.event_kind = event.kind;
  record.status = attempt.ok ? store::DeliveryStatus::kDelivered
                             : (give_up ? store::DeliveryStatus::kGivenUp : store::DeliveryStatus::kFailing);
  if (attempt.status != 0) record.http_status = attempt.status;
  record.error = attempt.error;
  record.now = now_ms();
  if (attempt.ok || give_up) record.settle_to = event.position;
  return record;
}

}  // namespace

struct WebhookDispatcher::Worker {
  Worker(asio::io_context& loop, store::WebhookRow row) : row(std::move(row)), backoff(loop) {}
  store::WebhookRow row;
  // Target "erpnext" or "odoo": what delivers instead of the POST. Shared:
  // a config change replaces it while a delivery may still use the old one.
  std::shared_ptr<connectors::Connector> connector;
  asio::steady_timer backoff;
  bool stopped = false;
  bool cursor_stale = false;  // another node delivered meanwhile: its cursor is in the store
  std::mt19937_64 random{std::random_device{}()};  // the back-off's jitter
};

WebhookDispatcher::WebhookDispatcher(store::Store& store, EventHub& hub, WebhookTransport& transport,
                                     WebhookOptions options)
    : store_(store), hub_(hub), transport_(transport), options_(options) {}

WebhookDispatcher::~WebhookDispatcher() = default;

void WebhookDispatcher::start() { reload(); }

void WebhookDispatcher::reload() {
  asio::post(hub_.loop(), [this] { sync_workers(); });
}

void WebhookDispatcher::retry(int64_t webhook_id) {
  asio::post(hub_.loop(), [this, webhook_id] {
    if (auto it = workers_.find(webhook_id); it != workers_.end()) it->second->backoff.cancel();
  });
}

std::string WebhookDispatcher::signature(const std::string& secret, const std::string& timestamp,
                                         const std::string& body) {
  return "sha256=" + hmac_sha256_hex(secret, timestamp + "." + body);
}

void WebhookDispatcher::sync_workers() {
  auto rows = store_.webhooks();
  if (!rows) {
    spdlog::error("webhooks: cannot read them: {}", rows.error().message);
    return;
  }
  std::map<int64_t, std::shared_ptr<Worker>> kept;
  for (auto& row : *rows) {
    if (auto it = workers_.find(row.id); it != workers_.end()) {
      auto& worker = it->second;
      if (worker->row.config != row.config) {  // a PATCH: the connector starts afresh (a new sign-in)
        if (auto connector = connector_for(row)) {
          worker->connector = std::move(connector);
          worker->row.config = row.config;
        }
      }
      kept.emplace(row.id, worker);
      workers_.erase(it);
      continue;
    }
    std::shared_ptr<connectors::Connector> connector;
    if (row.target != "webhook" && !(connector = connector_for(row))) continue;
    auto worker = std::make_shared<Worker>(hub_.loop(), std::move(row));
    worker->connector = std::move(connector);
    kept.emplace(worker->row.id, worker);
    asio::co_spawn(hub_.loop(), run(worker), asio::detached);
  }
  for (auto& [id, gone] : workers_) {  // deleted through the API
    gone->stopped = true;
    gone->backoff.cancel();
  }
  workers_ = std::move(kept);
  hub_.notify();  // idle workers look again (a deleted one then ends)
}

asio::awaitable<void> WebhookDispatcher::run(std::shared_ptr<Worker> w) {
  const int64_t id = w->row.id;
  while (!w->stopped) {
    if (!options_.may_deliver()) {
      w->cursor_stale = true;
      co_await hub_.wait_for_news(kLeaseWait);
      continue;
    }
    if (w->cursor_stale && !resume_from_store(*w)) {
      co_await hub_.wait_for_news(kErrorWait);
      continue;
    }
    auto events = read_events(store_, w->row.cursor, kEventsPerRead);
    if (!events) {
      spdlog::warn("webhook {}: cannot read events: {}", id, events.error().message);
      co_await hub_.wait_for_news(kErrorWait);
      continue;
    }
    if (events->empty()) {
      co_await hub_.wait_for_news(kIdleWait);
      continue;
    }
    bool skipped = false;  // the cursor moved past events nobody recorded
    for (const Event& event : *events) {
      if (w->stopped) co_return;
      const bool wanted = w->connector ? w->connector->wants(event) : wants(w->row.kinds, event.kind);
      if (!wanted) {
        w->row.cursor = event.position;
        skipped = true;
      } else if (co_await deliver(*w, event)) {
        skipped = false;
      } else {
        // Not delivered: the lease went to another node (or the webhook was
        // deleted). Stop here: an unwanted event after this one must not
        // carry the cursor past it, or the cursor committed below would make
        // the next holder resume beyond an event nobody delivered.
        break;
      }
    }
    if (skipped && !w->stopped) {
      store::WriteBatch batch;
      batch.add(store::AdvanceWebhook{id, w->row.cursor});
      if (Status s = co_await commit(store_, std::move(batch)); !s)
        log_store_failure(s.error(), fmt::format("webhook {}: cannot move its cursor", id));
    }
  }
}

asio::awaitable<bool> WebhookDispatcher::deliver(Worker& w, const Event& event) {
  const int64_t id = w.row.id;
  const std::string body = w.connector ? std::string() : json_text(event_json(event));
  for (int attempt = 1; !w.stopped; ++attempt) {
    if (!options_.may_deliver()) co_return false;  // the lease went to another node
    Attempt result;
    if (auto connector = w.connector) {  // kept alive across the exchange
      result = attempt_of(co_await connector->deliver(event));
    } else {
      result = attempt_of(co_await transport_.post(w.row.url, delivery_headers(event, w.row.secret, body), body));
    }
    const bool give_up = !result.ok && (result.refused || attempt >= options_.max_attempts);
    store::WriteBatch batch;
    batch.add(delivery_record(id, event, result, give_up));
    if (Status s = co_await commit(store_, std::move(batch)); !s)
      log_store_failure(s.error(), fmt::format("webhook {}: cannot record the delivery of {}", id, event.id));
    if (result.ok) {
      ++delivered_;
      if (!result.error.empty()) spdlog::info("{} {}: {} delivered: {}", w.row.target, id, event.id, result.error);
      w.row.cursor = event.position;
      co_return true;
    }
    ++failed_;
    if (result.refused) {
      spdlog::warn("{} {}: {} not delivered, not retried: {}", w.row.target, id, event.id, result.error);
      w.row.cursor = event.position;
      co_return true;
    }
    spdlog::warn("{} {}: {} to {} failed (attempt {}): {}", w.row.target, id, event.id,
                 w.connector ? w.row.target : w.row.url, attempt, result.error);
    if (give_up) {
      spdlog::error("{} {}: gave up on {} after {} attempts", w.row.target, id, event.id, attempt);
      w.row.cursor = event.position;
      co_return true;
    }
    co_await back_off(w, attempt);
  }
  co_return false;
}

std::shared_ptr<connectors::Connector> WebhookDispatcher::connector_for(const store::WebhookRow& row) {
  if (!options_.connector_http) {
    spdlog::error("{} {}: no HTTP client for connectors", row.target, row.id);
    return nullptr;
  }
  auto made = connectors::make_connector(row.target, nlohmann::json::parse(row.config, nullptr, false),
                                         *options_.connector_http, options_.terminals);
  if (!made) {
    spdlog::error("{} {}: cannot deliver: {}", row.target, row.id, made.error().message);
    return nullptr;
  }
  return *made;
}

bool WebhookDispatcher::resume_from_store(Worker& w) {
  auto rows = store_.webhooks();
  if (!rows) {
    log_store_failure(rows.error(), fmt::format("webhook {}: cannot read where it stands", w.row.id));
    return false;
  }
  w.cursor_stale = false;
  auto it = std::find_if(rows->begin(), rows->end(), [&w](const store::WebhookRow& r) { return r.id == w.row.id; });
  if (it == rows->end()) w.stopped = true;  // deleted through another node
  else w.row.cursor = it->cursor;
  return true;
}

// Exponential back-off with +-50% jitter, so receivers coming back are not
// hit by every server at once; retry() cuts it short.
asio::awaitable<void> WebhookDispatcher::back_off(Worker& w, int attempt) {
  auto delay = options_.first_backoff * (int64_t{1} << std::min(attempt - 1, 20));
  if (delay > options_.max_backoff) delay = options_.max_backoff;
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  w.backoff.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(delay * jitter(w.random)));
  boost::system::error_code ignored;
  co_await w.backoff.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

void WebhookDispatcher::send_test(int64_t webhook_id, std::function<void(Result<PostResult>)> done) {
  auto rows = store_.webhooks();
  if (!rows) return done(rows.error());
  auto it = std::find_if(rows->begin(), rows->end(), [&](const store::WebhookRow& w) { return w.id == webhook_id; });
  if (it == rows->end()) return done(Error::not_found("no webhook " + std::to_string(webhook_id)));
  Event event;
  event.at = now_ms();
  event.id = "test-" + std::to_string(event.at);
  event.kind = "webhook.test";
  event.data = nlohmann::json{{"webhook_id", webhook_id}, {"message", "a test event from zkpush"}};
  const std::string body = event_json(event).dump();
  boost::asio::co_spawn(
      hub_.loop(),
      [this, url = it->url, headers = delivery_headers(event, it->secret, body), body,
       done = std::move(done)]() -> boost::asio::awaitable<void> {
        done(co_await transport_.post(url, headers, body));
      },
      boost::asio::detached);
}

void WebhookDispatcher::test_connector(int64_t id, std::function<void(Result<connectors::TestAnswer>)> done) {
  auto rows = store_.webhooks();
  if (!rows) return done(rows.error());
  auto it = std::find_if(rows->begin(), rows->end(), [&](const store::WebhookRow& w) { return w.id == id; });
  if (it == rows->end() || it->target == "webhook") return done(Error::not_found("no connector " + std::to_string(id)));
  auto connector = connector_for(*it);
  if (!connector) return done(Error::invalid("the connector's config cannot be used: see the server's log"));
  boost::asio::co_spawn(
      hub_.loop(),
      [connector, done = std::move(done)]() -> boost::asio::awaitable<void> { done(co_await connector->test()); },
      boost::asio::detached);
}

}  // namespace zkpush::service
