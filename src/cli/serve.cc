#include "cli/serve.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <functional>
#include <thread>

#include "api/api_router.h"
#include "http/device_router.h"
#include "http/io_pool.h"
#include "http/server.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"
#include "store/store.h"
#include "util/clock.h"
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

// Ticks once a second: command expiry, last-seen flush.
void schedule_tick(asio::steady_timer& timer, service::DeviceService& devices) {
  timer.expires_after(std::chrono::seconds(1));
  timer.async_wait([&timer, &devices](const boost::system::error_code& ec) {
    if (ec) return;
    devices.tick(now_ms());
    schedule_tick(timer, devices);
  });
}

}  // namespace

int serve(const ServeOptions& options) {
  setup_logging(options.log_level);

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
  service::DeviceService devices(store, config, options.data_dir);
  if (auto started = devices.start(); !started) {
    spdlog::critical("cannot load devices: {}", started.error().message);
    return 1;
  }
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
  api::ApiRouter api_router(store, devices, canteen);
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
  schedule_tick(tick, devices);

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

  devices.drain();
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  return 0;
}

}  // namespace zkpush::cli
