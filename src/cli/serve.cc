#include "cli/serve.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstdio>
#include <functional>
#include <thread>

#include "api/api_router.h"
#include "http/device_router.h"
#include "http/webhook_client.h"
#include "http/io_pool.h"
#include "http/server.h"
#include "service/access.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"
#include "service/event_hub.h"
#include "service/webhooks.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/metrics.h"
#include "util/open_files.h"

namespace zkpush::cli {
namespace asio = boost::asio;

namespace {

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
    const int64_t now = now_ms();
    devices.tick(now);
    tokens.tick(now);
    schedule_tick(timer, devices, tokens);
  });
}

}  // namespace

int serve(const ServeOptions& options) {
  setup_logging(options.log_level);
  // Under a file-size limit (ulimit -f, systemd LimitFSIZE) a write past it
  // raises SIGXFSZ, which would kill the server; ignored, the write fails with
  // EFBIG and is handled like a full disk: 503s, then recovery.
  std::signal(SIGXFSZ, SIG_IGN);

  asio::ip::tcp::endpoint device_endpoint, api_endpoint;
  std::string error;
  if (!http::parse_host_port(options.listen, device_endpoint, error)) {
    spdlog::critical("--listen {}: {}", options.listen, error);
    return 2;
  }
  if (!http::parse_host_port(options.api_listen, api_endpoint, error)) {
    spdlog::critical("--api-listen {}: {}", options.api_listen, error);
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
  spdlog::info("open-file limit {}", raise_open_file_limit());
  const int threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  http::IoPool loops(threads);
  asio::io_context& io = loops.main();
  http::DeviceRouter device_router(devices, canteen);
  api::ApiRouter api_router(api::ApiContext{store, devices, tokens, hub, webhooks, metrics(), canteen});
  http::Limits limits;
  std::unique_ptr<http::Server> device_server, api_server;
  try {
    device_server = std::make_unique<http::Server>(loops, device_endpoint, device_router, limits, "device");
    api_server = std::make_unique<http::Server>(loops, api_endpoint, api_router, limits, "api");
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen: {}", e.what());
    return 1;
  }
  device_server->start();
  api_server->start();
  std::printf("listening device=%s\n", endpoint_text(device_server->local_endpoint()).c_str());
  std::printf("listening api=%s\n", endpoint_text(api_server->local_endpoint()).c_str());
  std::fflush(stdout);
  spdlog::info("zkpush {} serving devices on {} and the API on {}; data in {}", ZKPUSH_VERSION,
               endpoint_text(device_server->local_endpoint()), endpoint_text(api_server->local_endpoint()),
               options.data_dir);

  asio::steady_timer tick(io);
  schedule_tick(tick, devices, tokens);

  // Shutdown: stop accepting, let in-flight requests finish (their data is
  // committed before they are answered), then flush what is only in memory.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer drain_timer(io);
  std::chrono::steady_clock::time_point drain_started;
  std::function<void()> wait_for_drain = [&]() {
    const bool idle = device_server->in_flight() == 0 && api_server->in_flight() == 0;
    if (idle || std::chrono::steady_clock::now() - drain_started > limits.drain_timeout) {
      tick.cancel();
      loops.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([&](const boost::system::error_code&) { wait_for_drain(); });
  };
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: draining", signal);
    device_server->stop();
    api_server->stop();
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
