// The emulator's HTTP client: requests shaped like firmware's (B7):
// `User-Agent: iClock Proxy/1.09`, `Accept: */*`, HTTP/1.1 with
// `Connection: close` by default, HTTP/1.0 or keep-alive by option, and no
// Content-Type on profiles whose firmware sends none (R11).
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace zkpush::sim {

struct HttpOptions {
  bool keep_alive = false;
  bool http10 = false;
  bool content_type = true;  // send "Content-Type: text/plain" on POSTs
  std::chrono::milliseconds timeout{10000};
  std::string bearer_token;  // sent as "Authorization: Bearer ..." (the server's JSON API)
};

// A failure the emulator injects into one request (`zkpush sim --fault`).
enum class Fault {
  kNone,
  kDropMidBody,  // sends the head and half the body, then closes the connection
  kStall,        // sends the request in 8 pieces 150 ms apart (a slow link)
};

struct HttpResult {
  int status = 0;           // 0 when no response arrived
  std::string error;        // transport error ("connection refused", "timeout"...), empty on a response
  std::string body;
  std::string date;         // the Date header, for setting the terminal clock
  std::string content_range;
  std::chrono::microseconds latency{0};
};

class HttpClient {
 public:
  HttpClient(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint server, HttpOptions options);
  ~HttpClient();

  // One request; never throws. `extra_header` is one "Name: value" line or empty.
  boost::asio::awaitable<HttpResult> request(std::string_view method, std::string_view target, std::string body,
                                             std::string_view extra_header = {}, Fault fault = Fault::kNone);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "http://127.0.0.1:8081" -> endpoint (IPv4/IPv6 literals and localhost only).
bool parse_server_url(std::string_view url, boost::asio::ip::tcp::endpoint& out, std::string& error);

}  // namespace zkpush::sim
