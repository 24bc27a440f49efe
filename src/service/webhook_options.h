// How hard webhook delivery tries (service/webhooks.h), apart from the
// dispatcher so that `zkpush serve`'s flags can take their defaults from here.
#pragma once

#include <chrono>
#include <functional>

#include "service/connectors/terminal.h"

namespace zkpush::service {

namespace connectors {
class HttpExchange;
}

struct WebhookOptions {
  int max_attempts = 15;
  std::chrono::milliseconds first_backoff{1000};  // then doubling, with jitter
  std::chrono::milliseconds max_backoff{std::chrono::hours(1)};
  // Whether this node delivers now: in a cluster, the holder of the webhooks
  // lease (leases.h) does, so each event goes out once per webhook.
  std::function<bool()> may_deliver = [] { return true; };
  // What connectors (webhooks with an ERPNext or Odoo target) send through,
  // and how they learn a terminal's group and label; serve.cc sets both.
  // Without a client, connector rows get no worker.
  connectors::HttpExchange* connector_http = nullptr;
  connectors::TerminalLookup terminals;
};

}  // namespace zkpush::service
