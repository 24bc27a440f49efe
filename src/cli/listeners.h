// The listeners of `zkpush serve`: planned from the flags (addresses, TLS
// files, limits), bound, started, reloaded on SIGHUP and drained on
// SIGINT/SIGTERM.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/serve.h"
#include "http/io_pool.h"
#include "http/limits.h"
#include "http/message.h"
#include "http/server.h"
#include "http/tls_context.h"

namespace zkpush::cli {

// Where the listeners listen, and their TLS contexts (null: plain HTTP).
struct ListenerPlan {
  boost::asio::ip::tcp::endpoint device, api, device_tls_endpoint;
  std::shared_ptr<http::TlsContext> device_tls, api_tls;
};

// The listen flags and TLS files; on a mistake, logs it and returns nullopt.
std::optional<ListenerPlan> plan_listeners(const ServeOptions& options);

// The limits of the terminal listeners, from the flags. Without
// --max-connections, connections may use all descriptors but a reserve for
// the database, files and the other listeners.
http::Limits device_limits(const ServeOptions& options, long open_files);

// Listeners by the name of their "listening NAME=HOST:PORT" line.
using Listeners = std::vector<std::pair<std::string, std::unique_ptr<http::Server>>>;

// Binds every listener (the API's with api_limits); throws std::system_error
// when one cannot listen.
Listeners bind_listeners(http::IoPool& loops, const ListenerPlan& plan, http::Handler& device_router,
                         http::Handler& api_router, const http::Limits& limits);

// Starts accepting and prints each "listening NAME=HOST:PORT" line.
void start_listeners(Listeners& servers);

// SIGHUP: every TLS listener re-reads its certificate and key; a listener
// whose files fail keeps the ones it has.
void reload_on_sighup(boost::asio::signal_set& hup, const std::vector<std::shared_ptr<http::TlsContext>>& contexts);

// Shutdown on SIGINT/SIGTERM: stop accepting, let in-flight requests finish
// (their data is committed before they are answered), then call `stop_loops`.
class Drain {
 public:
  Drain(boost::asio::io_context& io, Listeners& servers, std::chrono::seconds timeout,
        std::function<void()> stop_loops);

 private:
  void wait();

  boost::asio::signal_set signals_;
  boost::asio::steady_timer timer_;
  Listeners& servers_;
  const std::chrono::seconds timeout_;
  const std::function<void()> stop_loops_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace zkpush::cli
