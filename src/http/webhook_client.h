// The webhook POSTs (service/webhooks.h) and the connectors' requests
// (service/connectors/), over Beast: http:// and https:// (certificates
// checked against the system's CAs, with SNI), one connection per request, a
// timeout over the whole exchange.
#pragma once

#include <chrono>

#include "service/connectors/http_exchange.h"
#include "service/webhooks.h"

namespace zkpush::http {

class WebhookClient final : public service::WebhookTransport, public service::connectors::HttpExchange {
 public:
  explicit WebhookClient(std::chrono::seconds timeout = std::chrono::seconds(10)) : timeout_(timeout) {}
  boost::asio::awaitable<service::PostResult> post(const std::string& url,
                                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                                   const std::string& body) override;
  // "GET" or "POST"; the answer's body up to 1 MiB.
  boost::asio::awaitable<service::connectors::HttpAnswer> send(const std::string& method, const std::string& url,
                                                               const service::connectors::HttpHeaders& headers,
                                                               const std::string& body) override;

 private:
  std::chrono::seconds timeout_;
};

// "http://host:8080/path?q" -> {scheme, host, port, target}; false if not http(s).
struct ParsedUrl {
  bool tls = false;
  std::string host, port, target;
};
bool parse_url(const std::string& url, ParsedUrl& out);

}  // namespace zkpush::http
