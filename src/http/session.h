// What a listener (server.cc) and its connections (session.cc) share. Kept
// free of Boost.Beast so that only session.cc pays for compiling it.
//
// Lifetime: ServerState is owned through shared_ptr by the listener, by every
// session and by every pending Responder, so it outlives them all; the Handler
// it refers to must outlive the loops' last run.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/log_throttle.h"
#include "http/server.h"

namespace zkpush::http {

// A live connection as the listener sees it, for stop() and the drain
// deadline. Both calls are thread-safe: they post to the connection's loop.
class Connection {
 public:
  virtual ~Connection() = default;
  // A strong reference, or null if the connection is already being
  // destroyed. Called with the registry locked.
  virtual std::shared_ptr<Connection> lock() = 0;
  // Close now if waiting for a request; otherwise finish the request in hand
  // (its response says Connection: close), then close.
  virtual void on_server_stop() = 0;
  // Close now, whatever is going on (the drain deadline has passed).
  virtual void abort() = 0;

 private:
  friend class ServerState;
  Connection* prev_ = nullptr;  // registry links, guarded by ServerState's mutex
  Connection* next_ = nullptr;
  const std::string* counted_ip_ = nullptr;  // counted in ServerState's per-address table
};

class ServerState {
 public:
  ServerState(Handler& handler, Limits limits, std::string name, std::shared_ptr<TlsContext> tls)
      : handler(handler), limits(limits), name(std::move(name)), tls(std::move(tls)) {}

  Handler& handler;
  const Limits limits;
  const std::string name;                 // for log lines: which listener
  const std::shared_ptr<TlsContext> tls;  // null for plain HTTP
  std::atomic<bool> stopping{false};      // set once by Server::stop()
  std::atomic<std::size_t> in_flight{0};  // dispatched, response not yet written
  // Refusals (Limits::max_connections, max_connections_per_ip) are logged
  // once per burst.
  LogThrottle over_total_log, over_per_ip_log;

  // Registry of live connections: an intrusive list, so that registering a
  // connection costs no allocation. add() also counts the connection for its
  // address `ip` (which must outlive the registration) and returns false,
  // without counting it there, when that address already has
  // Limits::max_connections_per_ip: the connection is registered all the
  // same (so stop() reaches it) while it is refused.
  bool add(Connection* connection, const std::string& ip);
  void remove(Connection* connection);
  std::size_t connections() const;
  // Strong references to every live connection. Taken under the lock but
  // used outside it: dropping the last reference destroys a connection,
  // which unregisters it.
  std::vector<std::shared_ptr<Connection>> snapshot();

 private:
  mutable std::mutex mutex_;
  Connection* head_ = nullptr;
  std::size_t count_ = 0;
  std::unordered_map<std::string, std::size_t> per_ip_;  // only with a per-address limit
};

// A socket bound to one of the pool's loops (io_pool.h), with its concrete
// executor type.
using LoopSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

// Starts serving an accepted connection on its socket's loop (over TLS when
// the state has a TlsContext). Never throws.
void start_session(LoopSocket socket, std::shared_ptr<ServerState> state);

}  // namespace zkpush::http
