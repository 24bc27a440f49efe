// The HTTP client connectors talk to their targets through: any method, the
// answer's body kept (ERPNext's and Odoo's errors are in it). The http layer
// provides it (http/webhook_client.h); it runs on the EventHub's loop.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

namespace zkpush::service::connectors {

struct HttpAnswer {
  int status = 0;     // 0 when there was no HTTP answer
  std::string body;   // the answer's body (cut at the client's limit)
  std::string error;  // why there was no answer
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  virtual boost::asio::awaitable<HttpAnswer> send(const std::string& method, const std::string& url,
                                                  const HttpHeaders& headers, const std::string& body) = 0;
};

}  // namespace zkpush::service::connectors
