// A listener that accepts HTTP/1.0 and 1.1 connections and hands every
// complete request to a Handler. One Session per connection: read (through
// the firmware-quirk normaliser) -> handle -> write, with keep-alive,
// `Expect: 100-continue`, chunked request bodies and timeouts.
//
// Responses always carry Date (GMT, terminals set their clocks from it),
// Content-Type and Content-Length; never chunked.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http/io_pool.h"
#include "http/limits.h"
#include "http/message.h"

namespace zkpush::http {

class TlsContext;

class Server {
 public:
  // Binds immediately (port 0 picks an ephemeral port; SO_REUSEADDR is set);
  // accepts after start(). Throws std::system_error when the endpoint cannot
  // be bound or listened on (address in use, no permission): the only
  // exception this class throws, so start-up can report it. The listener
  // runs on `loops.main()`; each accepted connection goes to `loops.next()`.
  // `loops` and `handler` must outlive the loops' last run, since connections
  // and pending Responders refer to them. `name` labels log lines ("device",
  // "api"). With `tls` every connection starts with a TLS handshake
  // (tls_context.h); the HTTP exchange over it is the same.
  Server(IoPool& loops, const boost::asio::ip::tcp::endpoint& endpoint, Handler& handler, Limits limits,
         std::string name, std::shared_ptr<TlsContext> tls = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  // Stops accepting; connections finish their in-flight request, then close.
  // Idle keep-alive connections close at once; a request being read or
  // handled is answered (with Connection: close); connections still open
  // after Limits::drain_timeout are aborted. Thread-safe and idempotent; the
  // destructor calls it. While a handler holds a Responder, its connection's
  // loop keeps running (its work count is held), so after IoPool::finish(),
  // run() returning means every response has been written or abandoned.
  void stop();
  // Number of requests currently being handled (for draining on shutdown).
  std::size_t in_flight() const;
  // Number of open connections (Limits::max_connections counts these).
  std::size_t connections() const;
  boost::asio::ip::tcp::endpoint local_endpoint() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Parses "HOST:PORT" ("0.0.0.0:8081", "[::1]:0", ":8081").
bool parse_host_port(const std::string& text, boost::asio::ip::tcp::endpoint& out, std::string& error);

}  // namespace zkpush::http
