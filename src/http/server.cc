// The listener: binds in the constructor, accepts after start(), and on
// stop() closes the acceptor, closes idle keep-alive connections, lets the
// others finish the request in hand and aborts what is left after
// Limits::drain_timeout. Connections themselves are in session.cc.
//
// The acceptor and the drain timer live on the pool's main loop; each
// accepted connection goes to the next loop in turn (io_pool.h).
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <system_error>

#include "http/session.h"

namespace zkpush::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// ---- ServerState's registry ------------------------------------------------

bool ServerState::add(Connection* connection, const std::string& ip) {
  std::lock_guard lock(mutex_);
  connection->prev_ = nullptr;
  connection->next_ = head_;
  if (head_ != nullptr) head_->prev_ = connection;
  head_ = connection;
  ++count_;
  if (limits.max_connections_per_ip == 0) return true;
  std::size_t& from_ip = per_ip_[ip];
  if (from_ip >= limits.max_connections_per_ip) return false;
  ++from_ip;
  connection->counted_ip_ = &ip;
  return true;
}

void ServerState::remove(Connection* connection) {
  std::lock_guard lock(mutex_);
  if (connection->counted_ip_ != nullptr) {
    auto it = per_ip_.find(*connection->counted_ip_);
    if (it != per_ip_.end()) --it->second;
    connection->counted_ip_ = nullptr;
    // Addresses at zero stay (a terminal that closes after each request
    // comes back: no allocation per connection) until they outnumber the
    // live connections (many passing addresses must not grow the table).
    if (per_ip_.size() > 1024 + 2 * count_) std::erase_if(per_ip_, [](const auto& entry) { return entry.second == 0; });
  }
  if (connection->prev_ != nullptr) {
    connection->prev_->next_ = connection->next_;
  } else {
    head_ = connection->next_;
  }
  if (connection->next_ != nullptr) connection->next_->prev_ = connection->prev_;
  connection->prev_ = connection->next_ = nullptr;
  --count_;
}

std::size_t ServerState::connections() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::vector<std::shared_ptr<Connection>> ServerState::snapshot() {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard lock(mutex_);
  out.reserve(count_);
  for (Connection* c = head_; c != nullptr; c = c->next_) {
    if (auto strong = c->lock()) out.push_back(std::move(strong));
  }
  return out;
}

// ---- the listener ------------------------------------------------------------

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(IoPool& loops, Handler& handler, Limits limits, std::string name, std::shared_ptr<TlsContext> tls)
      : state(std::make_shared<ServerState>(handler, limits, std::move(name), std::move(tls))),
        loops(loops),
        acceptor(loops.main()),
        accept_timer(loops.main()),
        drain_timer(loops.main()) {}

  void do_accept() {
    acceptor.async_accept(loops.next(),
                          [self = shared_from_this()](boost::system::error_code ec, LoopSocket socket) {
                            self->on_accept(ec, std::move(socket));
                          });
  }

  void on_accept(boost::system::error_code ec, LoopSocket socket) {
    if (state->stopping.load()) return;  // `socket` closes here
    if (!ec) {
      if (over_total()) {
        refuse(socket);
      } else {
        start_session(std::move(socket), state);
      }
      do_accept();
      return;
    }
    if (ec == asio::error::operation_aborted) return;
    if (ec == asio::error::connection_aborted) {  // the client gave up in the backlog
      do_accept();
      return;
    }
    // EMFILE, ENFILE, ENOBUFS...: the connection stays in the backlog, so
    // retrying at once would spin. Back off; the next accept may succeed.
    spdlog::warn("[{}] accept failed: {}; retrying in 100 ms", state->name, ec.message());
    accept_timer.expires_after(std::chrono::milliseconds(100));
    accept_timer.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec && !self->state->stopping.load()) self->do_accept();
    });
  }

  // Limits::max_connections: past it a connection is closed unanswered, so
  // that refusing costs no more than accepting did.
  bool over_total() const {
    const std::size_t limit = state->limits.max_connections;
    return limit != 0 && state->connections() >= limit;
  }

  void refuse(LoopSocket& socket) {
    if (std::size_t refused = state->over_total_log.admit()) {
      boost::system::error_code ec;
      auto remote = socket.remote_endpoint(ec);
      spdlog::warn("[{}] connection from {} closed unanswered: {} connections open, the limit "
                   "(--max-connections); {} refused since the last such line",
                   state->name, ec ? std::string("?") : remote.address().to_string(), state->connections(),
                   refused);
    }
    boost::system::error_code ignored;
    socket.close(ignored);
  }

  // Runs on the main loop once stop() was called.
  void begin_drain() {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    accept_timer.cancel();
    for (const auto& connection : state->snapshot()) connection->on_server_stop();
    drain_deadline = std::chrono::steady_clock::now() + state->limits.drain_timeout;
    poll_drain();
  }

  // Polls (every 50 ms, during shutdown only) until every connection is gone
  // or the deadline passes; then aborts the rest.
  void poll_drain() {
    if (state->connections() == 0) return;
    if (std::chrono::steady_clock::now() >= drain_deadline) {
      spdlog::warn("[{}] drain timeout: closing {} connection(s), {} request(s) in flight", state->name,
                   state->connections(), state->in_flight.load());
      for (const auto& connection : state->snapshot()) connection->abort();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(50));
    drain_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->poll_drain();
    });
  }

  std::shared_ptr<ServerState> state;
  IoPool& loops;
  asio::basic_socket_acceptor<tcp, asio::io_context::executor_type> acceptor;
  asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>,
                             asio::io_context::executor_type>
      accept_timer, drain_timer;
  tcp::endpoint local;
  bool started = false;  // on the main loop
  std::chrono::steady_clock::time_point drain_deadline;
};

namespace {

[[noreturn]] void throw_listen_error(const char* step, const tcp::endpoint& endpoint,
                                     const boost::system::error_code& ec) {
  std::string where = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                 : endpoint.address().to_string();
  where += ":" + std::to_string(endpoint.port());
  throw std::system_error(std::error_code(ec.value(), std::system_category()),
                          std::string("cannot ") + step + " " + where);
}

}  // namespace

Server::Server(IoPool& loops, const tcp::endpoint& endpoint, Handler& handler, Limits limits, std::string name,
               std::shared_ptr<TlsContext> tls)
    : impl_(std::make_shared<Impl>(loops, handler, limits, std::move(name), std::move(tls))) {
  boost::system::error_code ec;
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) throw_listen_error("open a socket for", endpoint, ec);
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) throw_listen_error("set SO_REUSEADDR on", endpoint, ec);
  acceptor.bind(endpoint, ec);
  if (ec) throw_listen_error("bind", endpoint, ec);
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw_listen_error("listen on", endpoint, ec);
  impl_->local = acceptor.local_endpoint(ec);
  if (ec) throw_listen_error("read the address of", endpoint, ec);
}

Server::~Server() { stop(); }

void Server::start() {
  asio::post(impl_->loops.main(), [self = impl_] {
    if (self->started || self->state->stopping.load()) return;
    self->started = true;
    spdlog::info("[{}] listening on {}:{}", self->state->name, self->local.address().to_string(),
                 self->local.port());
    self->do_accept();
  });
}

void Server::stop() {
  if (impl_->state->stopping.exchange(true)) return;
  asio::post(impl_->loops.main(), [self = impl_] { self->begin_drain(); });
}

std::size_t Server::in_flight() const { return impl_->state->in_flight.load(); }

std::size_t Server::connections() const { return impl_->state->connections(); }

tcp::endpoint Server::local_endpoint() const { return impl_->local; }

}  // namespace zkpush::http
