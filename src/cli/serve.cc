#include "cli/serve.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "api/api_router.h"
#include "http/device_router.h"
#include "http/io_pool.h"
#include "http/server.h"
#include "http/tls_context.h"
#include "http/webhook_client.h"
#include "service/access.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"
#include "service/event_hub.h"
#include "service/webhooks.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/metrics.h"
#include "util/open_files.h"
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

// stdout carries only the "listening ..." lines that scripts and tests read;
// logs go to stderr.
void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("zkpush");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::warn);
}

// Ticks once a second: command expiry, last-seen flush, online/offline
// events, tokens revoked by another process.
void schedule_tick(asio::steady_timer& timer, service::DeviceService& devices, service::TokenRegistry& tokens) {
  timer.expires_after(std::chrono::seconds(1));
  timer.async_wait([&timer, &devices, &tokens](const boost::system::error_code& ec) {
    if (ec) return;
    const int64_t now = devices.config().clock.now_ms();
    devices.tick(now);
    tokens.tick(now);
    schedule_tick(timer, devices, tokens);
  });
}

// The limits of the terminal listeners, from the flags. Without
// --max-connections, connections may use all descriptors but a reserve for
// the database, files and the other listeners.
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

// The API listener's: the same, but its bodies are JSON documents.
http::Limits api_limits(http::Limits limits) {
  limits.max_body_bytes = kMaxApiBodyBytes;
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

// SIGHUP: every TLS listener re-reads its certificate and key; a listener
// whose files fail keeps the ones it has.
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

}  // namespace

int serve(const ServeOptions& options) {
  setup_logging(options.log_level);
  // Under a file-size limit (ulimit -f, systemd LimitFSIZE) a write past it
  // raises SIGXFSZ, which would kill the server; ignored, the write fails with
  // EFBIG and is handled like a full disk: 503s, then recovery.
  std::signal(SIGXFSZ, SIG_IGN);

  asio::ip::tcp::endpoint device_endpoint, api_endpoint, tls_endpoint;
  std::string error;
  if (!http::parse_host_port(options.listen, device_endpoint, error)) {
    spdlog::critical("--listen {}: {}", options.listen, error);
    return 2;
  }
  if (!http::parse_host_port(options.api_listen, api_endpoint, error)) {
    spdlog::critical("--api-listen {}: {}", options.api_listen, error);
    return 2;
  }
  if (!options.tls_listen.empty() && !http::parse_host_port(options.tls_listen, tls_endpoint, error)) {
    spdlog::critical("--tls-listen {}: {}", options.tls_listen, error);
    return 2;
  }
  auto device_tls = tls_context("tls", options.tls_cert, options.tls_key);
  auto api_tls = tls_context("api-tls", options.api_tls_cert, options.api_tls_key);
  for (const auto* tls : {&device_tls, &api_tls}) {
    if (!*tls) {
      spdlog::critical("TLS: {}", tls->error().message);
      return 2;
    }
  }
  if (options.tls_listen.empty() != !*device_tls) {
    spdlog::critical("--tls-listen needs --tls-cert and --tls-key, and they need it");
    return 2;
  }

  store::StoreOptions store_options{options.data_dir, options.durability == "full"};
  auto opened = store::open_sqlite_store(store_options);
  if (!opened) {
    spdlog::critical("cannot open the store in {}: {}", options.data_dir, opened.error().message);
    return 1;
  }
  auto& store = **opened;

  service::ServiceConfig config;
  config.command_timeout = std::chrono::seconds(options.command_timeout_s);
  config.command_retries = options.command_retries;
  config.max_commands_per_poll = options.max_commands_per_poll;
  config.max_command_bytes = static_cast<std::size_t>(options.max_command_bytes);
  config.admission = store::admission_policy_from_name(options.admission).value_or(store::AdmissionPolicy::kOpen);
  if (config.admission == store::AdmissionPolicy::kOpen)
    spdlog::warn("admission policy open: any terminal that sends a serial number is registered and may upload; "
                 "use --admission approve (or allowlist) once your terminals are known (see SECURITY.md)");
  service::DeviceService devices(store, config, options.data_dir);
  if (auto started = devices.start(); !started) {
    spdlog::critical("cannot load devices: {}", started.error().message);
    return 1;
  }
  service::TokenRegistry tokens(store);
  if (auto loaded = tokens.load(); !loaded) {
    spdlog::critical("cannot load API tokens: {}", loaded.error().message);
    return 1;
  }
  // An API reachable from the network must not be open to anyone.
  if (!api_endpoint.address().is_loopback() && !tokens.has_live_tokens()) {
    spdlog::critical("--api-listen {} is not a loopback address and no API token exists: create one first with "
                     "`zkpush token create --data {} --name NAME --scope admin`",
                     options.api_listen, options.data_dir);
    return 2;
  }

  // Events: the hub's own thread streams them and delivers webhooks.
  service::EventHub hub;
  store.set_commit_listener([&hub] { hub.notify(); });
  http::WebhookClient webhook_client;
  service::WebhookOptions webhook_options;
  webhook_options.max_attempts = options.webhook_max_attempts;
  webhook_options.first_backoff =
      std::chrono::milliseconds(static_cast<int64_t>(options.webhook_first_backoff_s * 1000));
  service::WebhookDispatcher webhooks(store, hub, webhook_client, webhook_options);
  hub.start();
  webhooks.start();

  service::canteen::CanteenService canteen(store, devices);
  if (auto started = canteen.start(); !started) {
    spdlog::critical("cannot load canteen terminals: {}", started.error().message);
    return 1;
  }

  // One descriptor per connected terminal.
  const long open_files = raise_open_file_limit();
  spdlog::info("open-file limit {}", open_files);
  const int threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  http::IoPool loops(threads);
  asio::io_context& io = loops.main();
  http::DeviceRouter device_router(devices, canteen);
  api::ApiRouter api_router(api::ApiContext{store, devices, tokens, hub, webhooks, metrics(), canteen});
  const http::Limits limits = device_limits(options, open_files);
  // Listeners by the name of their "listening NAME=HOST:PORT" line.
  std::vector<std::pair<std::string, std::unique_ptr<http::Server>>> servers;
  try {
    servers.emplace_back("device", std::make_unique<http::Server>(loops, device_endpoint, device_router, limits,
                                                                  "device"));
    if (*device_tls)
      servers.emplace_back("device-tls", std::make_unique<http::Server>(loops, tls_endpoint, device_router, limits,
                                                                        "device-tls", *device_tls));
    servers.emplace_back("api", std::make_unique<http::Server>(loops, api_endpoint, api_router,
                                                               api_limits(limits), "api", *api_tls));
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen: {}", e.what());
    return 1;
  }
  // Before the "listening" lines: a SIGHUP that finds no handler ends the process.
  std::vector<std::shared_ptr<http::TlsContext>> tls_contexts;
  for (const auto* tls : {&device_tls, &api_tls})
    if (**tls) tls_contexts.push_back(**tls);
  asio::signal_set hup(io, SIGHUP);
  reload_on_sighup(hup, tls_contexts);

  for (auto& [name, server] : servers) {
    server->start();
    std::printf("listening %s=%s\n", name.c_str(), endpoint_text(server->local_endpoint()).c_str());
    spdlog::info("zkpush {} serving {} on {}", ZKPUSH_VERSION, name, endpoint_text(server->local_endpoint()));
  }
  std::fflush(stdout);
  spdlog::info("data in {}; at most {} connections per listener, {} per address", options.data_dir,
               limits.max_connections, limits.max_connections_per_ip);


  asio::steady_timer tick(io);
  schedule_tick(tick, devices, tokens);

  // Shutdown: stop accepting, let in-flight requests finish (their data is
  // committed before they are answered), then flush what is only in memory.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer drain_timer(io);
  std::chrono::steady_clock::time_point drain_started;
  std::function<void()> wait_for_drain = [&]() {
    bool idle = true;
    for (auto& [name, server] : servers) idle = idle && server->in_flight() == 0;
    if (idle || std::chrono::steady_clock::now() - drain_started > limits.drain_timeout) {
      tick.cancel();
      hup.cancel();
      loops.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([&](const boost::system::error_code&) { wait_for_drain(); });
  };
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: draining", signal);
    for (auto& [name, server] : servers) server->stop();
    drain_started = std::chrono::steady_clock::now();
    wait_for_drain();
  });

  loops.run();

  hub.stop();
  store.set_commit_listener(nullptr);
  devices.drain();
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  return 0;
}

}  // namespace zkpush::cli
