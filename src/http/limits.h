// What one listener accepts from a peer, in one place (docs/limits.md lists
// each with what a peer gets when it exceeds it). The defaults suit a
// terminal network; `zkpush serve` sets the operator's values (cli/listeners.cc).
#pragma once

#include <chrono>
#include <cstddef>

namespace zkpush::http {

struct Limits {
  // The request head as received (request line and headers, before the
  // normaliser rewrites it): larger gets 431.
  std::size_t max_header_bytes = 16 * 1024;
  // Header lines in one request: more gets 431. Terminals send 4 to 8.
  std::size_t max_header_count = 64;
  // Request bodies, decided from the head before the body is read
  // (Handler::body_class): requests that carry data (uploads: tgz packets,
  // photos, command replies with files) may send up to `max_body_bytes`,
  // everything else (polls, handshakes, pings) `max_small_body_bytes`.
  // Larger gets 413.
  std::size_t max_body_bytes = 64 * 1024 * 1024;
  std::size_t max_small_body_bytes = 64 * 1024;
  // Open connections to this listener: past the total a new connection is
  // closed at once, with no response; past the number from one address it
  // gets a 503. 0 means no limit.
  std::size_t max_connections = 0;
  std::size_t max_connections_per_ip = 256;
  std::chrono::seconds read_timeout{30};   // a request's head and body from its first byte, and a response's write
  std::chrono::seconds idle_timeout{60};   // keep-alive wait for the next request
  std::chrono::seconds drain_timeout{10};  // on shutdown, for in-flight requests
};

}  // namespace zkpush::http
