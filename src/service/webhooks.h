// Webhook delivery: every event a webhook subscribes to is POSTed to its URL,
// in order, at least once. Each webhook has a worker on the EventHub's loop
// that reads events after the webhook's cursor, delivers the next one, and
// records the outcome in the same transaction that moves the cursor past it
// (RecordDelivery), so a crash or restart resumes with the first event not
// yet delivered: nothing lost, and a receiver can drop repeats by the event
// id (X-Zkpush-Event-Id), which never changes.
//
// A failed attempt (no answer, or a status outside 2xx) is retried after an
// exponential back-off with jitter (first_backoff, doubling, at most
// max_backoff); after max_attempts the event is given up (kept in the
// delivery log) and the worker moves on. retry() cuts a back-off short.
//
// A connector (target "erpnext" or "odoo", service/connectors/) is a
// webhook whose POST is replaced by its own delivery of each punch in its
// scope; a refusal by the HR system is given up at once, with the reason.
//
// Signature: X-Zkpush-Timestamp is Unix seconds, X-Zkpush-Signature is
// "sha256=" + hex HMAC-SHA256(secret, "<timestamp>.<body>").
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "service/connectors/connector.h"
#include "service/event_hub.h"
#include "service/webhook_options.h"
#include "service/write_done.h"
#include "store/store.h"

namespace zkpush::service {

struct Event;  // event_feed.h

// What the outcome of one POST was.
struct PostResult {
  int status = 0;     // 0 when there was no HTTP answer
  std::string error;  // why, when status is 0 (or a short excerpt of a non-2xx body)
};

// The HTTP client, provided by the http layer; runs on the hub's loop.
class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  virtual boost::asio::awaitable<PostResult> post(const std::string& url,
                                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                                  const std::string& body) = 0;
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(store::Store& store, EventHub& hub, WebhookTransport& transport, WebhookOptions options);
  ~WebhookDispatcher();

  // Starts a worker for every webhook on file. Call once, after the hub started.
  void start();
  // A webhook was created or deleted through the API: start or stop workers.
  void reload();
  // Ends a webhook's back-off now (the API's manual retry).
  void retry(int64_t webhook_id);

  // The API's changes (webhook_edits.cc). A new webhook gets the events from
  // now on, not the history, unless `from_beginning` (a connector may ask
  // for every punch on file); `created` is it with its id. Every node's
  // workers follow through the change feed (serve.cc calls reload()). `done`
  // runs on the store's callback thread, or at once when the store cannot be
  // read.
  void create(store::WebhookRow webhook, bool from_beginning,
              std::function<void(Result<store::WebhookRow> created)> done);
  void remove(int64_t webhook_id, RowWriteDone done);
  // POSTs one "webhook.test" event to the webhook now, signed as any event,
  // and tells what the receiver answered. Not an event of the stream: not in
  // the delivery log, never retried. kNotFound for no such webhook.
  void send_test(int64_t webhook_id, std::function<void(Result<PostResult>)> done);
  // A connector's test button: signs in to its target and reports.
  // kNotFound for no such connector.
  void test_connector(int64_t id, std::function<void(Result<connectors::TestAnswer>)> done);
  // PATCH of a connector's config (validated by the caller); `done` as for remove().
  void update_config(int64_t id, std::string config, RowWriteDone done);
  const connectors::TerminalLookup& terminals() const { return options_.terminals; }

  // Counters for /metrics.
  uint64_t delivered() const { return delivered_; }
  uint64_t failed_attempts() const { return failed_; }

  // The signature header's value for `body` sent at `timestamp`.
  static std::string signature(const std::string& secret, const std::string& timestamp, const std::string& body);

 private:
  struct Worker;
  boost::asio::awaitable<void> run(std::shared_ptr<Worker> worker);
  // Posts one event until it is delivered or given up (true: the cursor moved
  // past it) or the worker stops (false).
  boost::asio::awaitable<bool> deliver(Worker& worker, const Event& event);
  boost::asio::awaitable<void> back_off(Worker& worker, int attempt);
  // The worker's connector for its row; null (and logged) when it cannot have one.
  std::shared_ptr<connectors::Connector> connector_for(const store::WebhookRow& row);
  // Takes the worker's cursor from the store (another node delivered until
  // now); false when the store cannot be read.
  bool resume_from_store(Worker& worker);
  void sync_workers();  // on the hub's loop

  store::Store& store_;
  EventHub& hub_;
  WebhookTransport& transport_;
  const WebhookOptions options_;
  std::map<int64_t, std::shared_ptr<Worker>> workers_;  // on the hub's loop
  std::atomic<uint64_t> delivered_{0}, failed_{0};
};

}  // namespace zkpush::service
