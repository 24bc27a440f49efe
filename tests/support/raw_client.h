// The tests' one HTTP client: a TCP connection to 127.0.0.1 spoken to with
// raw bytes, so that a test sends exactly what a terminal (quirks included)
// or an attacker would, and sees exactly what came back.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace zkpush::test {

class RawClient {
 public:
  // Connects at once; connected() says whether that worked.
  explicit RawClient(int port);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }

  // Sends everything; fails the test if the peer is gone.
  void send(std::string_view bytes);
  // The same for tests in which the peer may have closed: false then.
  bool try_send(std::string_view bytes);
  void shutdown_write();

  // One response: the head, then Content-Length bytes (none for HEAD). What
  // arrived if the connection closed or stalled for `timeout` first.
  std::string read_response(bool head_request = false, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // `n` bytes, or fewer if the connection closed or stalled for `timeout`.
  std::string read_exactly(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Everything up to and including `needle`; "" if it does not come within
  // `timeout` (what came stays for the next read).
  std::string read_until(std::string_view needle, std::chrono::milliseconds timeout);
  // What is there or arrives within `timeout`, at most `max` bytes; "" at the
  // end of the stream or after `timeout`.
  std::string read_some(std::size_t max, std::chrono::milliseconds timeout);
  // Everything until the server closes, or until nothing came for `timeout`.
  std::string read_until_close(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Whether the server closed (or reset) the connection within `timeout`
  // with nothing unread before the close.
  bool closed_within(std::chrono::milliseconds timeout);
  // True when no byte arrives within `timeout`.
  bool nothing_within(std::chrono::milliseconds timeout);
  bool closed() const { return closed_; }

 private:
  // Waits up to `timeout` for bytes; false on close or timeout.
  bool fill(std::chrono::milliseconds timeout);
  std::string take(std::size_t n);

  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string pending_;  // received, not yet read by the test
};

// A response taken apart.
struct HttpReply {
  int status = 0;  // 0: no response came
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string raw;  // the whole response as received
  std::string header(const std::string& lower_name) const;
};

// Sends `request` verbatim on a new connection and reads one response
// (skipping any "100 Continue"). Throws std::runtime_error when nothing
// listens on the port.
HttpReply send_raw(int port, const std::string& request);
// Several requests on one connection; one response per request.
std::vector<HttpReply> send_on_one_connection(int port, const std::vector<std::string>& requests);

}  // namespace zkpush::test
