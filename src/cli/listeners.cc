#include "cli/listeners.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

#include "build_version.h"

namespace zkpush::cli {
namespace asio = boost::asio;

namespace {

// The JSON API's request bodies: commands and settings, far below this.
constexpr std::size_t kMaxApiBodyBytes = 1024 * 1024;

std::string endpoint_text(const asio::ip::tcp::endpoint& ep) {
  const auto address = ep.address().to_string();
  return (ep.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(ep.port());
}

// The API listener's: the same, but its bodies are JSON documents, except a
// file put for terminals (ApiRouter::body_class), which may be as large as a
// terminal's upload (--max-body-bytes).
http::Limits api_limits(http::Limits limits) {
  limits.max_small_body_bytes = kMaxApiBodyBytes;
  return limits;
}

// A TLS context from --<flag>-cert/--<flag>-key: null when both are empty;
// an error when only one is given or the files cannot be used.
Result<std::shared_ptr<http::TlsContext>> tls_context(const std::string& flag, const std::string& cert,
                                                      const std::string& key) {
  if (cert.empty() && key.empty()) return std::shared_ptr<http::TlsContext>();
  if (cert.empty() || key.empty()) return Error::invalid("--" + flag + "-cert and --" + flag + "-key go together");
  return http::TlsContext::load(cert, key);
}

// One --<flag> HOST:PORT; on a mistake, logs it and returns false.
bool parse_address(const char* flag, const std::string& text, asio::ip::tcp::endpoint& endpoint) {
  std::string error;
  if (http::parse_host_port(text, endpoint, error)) return true;
  spdlog::critical("--{} {}: {}", flag, text, error);
  return false;
}

}  // namespace

std::optional<ListenerPlan> plan_listeners(const ServeOptions& options) {
  ListenerPlan plan;
  if (!parse_address("listen", options.listen, plan.device) ||
      !parse_address("api-listen", options.api_listen, plan.api) ||
      (!options.tls_listen.empty() && !parse_address("tls-listen", options.tls_listen, plan.device_tls_endpoint)))
    return std::nullopt;
  auto device_tls = tls_context("tls", options.tls_cert, options.tls_key);
  auto api_tls = tls_context("api-tls", options.api_tls_cert, options.api_tls_key);
  for (const auto* tls : {&device_tls, &api_tls}) {
    if (!*tls) {
      spdlog::critical("TLS: {}", tls->error().message);
      return std::nullopt;
    }
  }
  if (options.tls_listen.empty() != !*device_tls) {
    spdlog::critical("--tls-listen needs --tls-cert and --tls-key, and they need it");
    return std::nullopt;
  }
  plan.device_tls = *device_tls;
  plan.api_tls = *api_tls;
  return plan;
}

http::Limits device_limits(const ServeOptions& options, long open_files) {
  http::Limits limits;
  limits.max_header_bytes = options.max_header_bytes;
  limits.max_body_bytes = options.max_body_bytes;
  limits.max_connections = options.max_connections;
  if (limits.max_connections == 0 && open_files > 0)
    limits.max_connections = static_cast<std::size_t>(std::max(64L, open_files - 256));
  limits.max_connections_per_ip = options.max_connections_per_ip;
  limits.read_timeout = std::chrono::seconds(options.read_timeout_s);
  limits.idle_timeout = std::chrono::seconds(options.idle_timeout_s);
  return limits;
}

Listeners bind_listeners(http::IoPool& loops, const ListenerPlan& plan, http::Handler& device_router,
                         http::Handler& api_router, const http::Limits& limits) {
  Listeners servers;
  servers.emplace_back("device", std::make_unique<http::Server>(loops, plan.device, device_router, limits, "device"));
  if (plan.device_tls)
    servers.emplace_back("device-tls", std::make_unique<http::Server>(loops, plan.device_tls_endpoint, device_router,
                                                                      limits, "device-tls", plan.device_tls));
  servers.emplace_back("api", std::make_unique<http::Server>(loops, plan.api, api_router, api_limits(limits), "api",
                                                             plan.api_tls));
  return servers;
}

void start_listeners(Listeners& servers) {
  for (auto& [name, server] : servers) {
    server->start();
    std::printf("listening %s=%s\n", name.c_str(), endpoint_text(server->local_endpoint()).c_str());
    spdlog::info("zkpush {} serving {} on {}", ZKPUSH_VERSION, name, endpoint_text(server->local_endpoint()));
  }
  std::fflush(stdout);
}

void reload_on_sighup(asio::signal_set& hup, const std::vector<std::shared_ptr<http::TlsContext>>& contexts) {
  hup.async_wait([&hup, &contexts](const boost::system::error_code& ec, int) {
    if (ec) return;
    for (const auto& context : contexts) {
      if (Status reloaded = context->reload(); reloaded) {
        spdlog::info("TLS certificate {} reloaded", context->cert_file());
      } else {
        spdlog::error("TLS certificate reload failed, keeping the previous one: {}", reloaded.error().message);
      }
    }
    reload_on_sighup(hup, contexts);
  });
}

Drain::Drain(asio::io_context& io, Listeners& servers, std::chrono::seconds timeout, std::function<void()> stop_loops)
    : signals_(io, SIGINT, SIGTERM), timer_(io), servers_(servers), timeout_(timeout), stop_loops_(std::move(stop_loops)) {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: draining", signal);
    for (auto& [name, server] : servers_) server->stop();
    started_ = std::chrono::steady_clock::now();
    wait();
  });
}

void Drain::wait() {
  bool idle = true;
  for (auto& [name, server] : servers_) idle = idle && server->in_flight() == 0;
  if (idle || std::chrono::steady_clock::now() - started_ > timeout_) {
    stop_loops_();
    return;
  }
  timer_.expires_after(std::chrono::milliseconds(20));
  timer_.async_wait([this](const boost::system::error_code&) { wait(); });
}

}  // namespace zkpush::cli
