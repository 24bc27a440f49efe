// Connectors push punches into an HR system instead of POSTing signed events
// (service/webhooks.h). A connector is a webhook row whose target is
// "erpnext" or "odoo"; the WebhookDispatcher keeps its loop, back-off,
// delivery log, cursor and lease, and asks the connector only to deliver
// one attendance.created event and say how that went:
//   delivered  the HR system has the punch (the cursor moves past it)
//   refused    the HR system said no for good (unknown employee, a
//              validation error): given up at once, the reason recorded
//   retry      no answer, 5xx, 429, or credentials refused (they may be
//              fixed): retried after the back-off
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "service/connectors/http_exchange.h"
#include "service/connectors/settings.h"
#include "service/connectors/terminal.h"
#include "util/error.h"

namespace zkpush::service {
struct Event;
}

namespace zkpush::service::connectors {

struct Outcome {
  enum class Kind { kDelivered, kRefused, kRetry };
  Kind kind = Kind::kRetry;
  int http_status = 0;  // the target's last answer; 0 when none
  std::string error;    // refused / retry: why; delivered: a note, usually empty
};

// What the API's test button reports.
struct TestAnswer {
  bool ok = false;
  int http_status = 0;
  std::string message;
};

class Connector {
 public:
  Connector(CommonSettings common, TerminalLookup terminals)
      : common_(std::move(common)), terminals_(std::move(terminals)) {}
  virtual ~Connector() = default;

  // Connectors take attendance.created events of the terminals in scope;
  // the dispatcher moves its cursor past the rest, as for the kinds a
  // webhook does not subscribe to.
  bool wants(const Event& event) const;
  virtual boost::asio::awaitable<Outcome> deliver(const Event& punch) = 0;
  // Signs in to the target and says who it took us for (or why not).
  virtual boost::asio::awaitable<TestAnswer> test() = 0;

 protected:
  const CommonSettings common_;
  const TerminalLookup terminals_;
};

// The connector for a row's target and config; an error naming the bad
// config field ("config.url: ...") for settings it cannot work with.
Result<std::shared_ptr<Connector>> make_connector(const std::string& target, const nlohmann::json& config,
                                                  HttpExchange& http, TerminalLookup terminals);
// The same check without building one (the API's validation).
Status check_connector_config(const std::string& target, const nlohmann::json& config);
// The config as the API shows it: secrets (api_key, api_secret) masked.
nlohmann::json masked_config(const nlohmann::json& config);

// "erpnext" or "odoo".
bool is_connector_target(const std::string& target);

}  // namespace zkpush::service::connectors
