#include "cli/serve.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <csignal>
#include <memory>
#include <optional>
#include <thread>
#include <unistd.h>
#include <vector>

#include "api/api_router.h"
#include "cli/listeners.h"
#include "http/device_router.h"
#include "http/io_pool.h"
#include "http/webhook_client.h"
#include "service/access.h"
#include "service/accounts.h"
#include "service/access/access_service.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"
#include "service/event_hub.h"
#include "service/webhooks.h"
#include "store/changes.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/metrics.h"
#include "util/open_files.h"

namespace zkpush::cli {
namespace asio = boost::asio;

namespace {

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

service::ServiceConfig service_config(const ServeOptions& options) {
  service::ServiceConfig config;
  config.command_timeout = std::chrono::seconds(options.command_timeout_s);
  config.command_retries = options.command_retries;
  config.max_commands_per_poll = options.max_commands_per_poll;
  config.max_command_bytes = options.max_command_bytes;
  config.admission = store::admission_policy_from_name(options.admission).value_or(store::AdmissionPolicy::kOpen);
  if (config.admission == store::AdmissionPolicy::kOpen)
    spdlog::warn("admission policy open: any terminal that sends a serial number is registered and may upload; "
                 "use --admission approve (or allowlist) once your terminals are known (see SECURITY.md)");
  if (!options.database.empty()) {
    // One of several nodes: a name no other node has (a restarted node gets
    // a new one; its old leases expire), and last_seen written often enough
    // for the node judging presence to see every node's terminals.
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    config.node_name = fmt::format("{}:{}:{}", host, ::getpid(), now_ms());
    config.shared_store = true;
    config.last_seen_flush_interval = std::chrono::seconds(5);
  }
  if (options.last_seen_interval_s > 0)
    config.last_seen_flush_interval = std::chrono::seconds(options.last_seen_interval_s);
  return config;
}

service::WebhookOptions webhook_options(const ServeOptions& options) {
  service::WebhookOptions webhooks;
  webhooks.max_attempts = options.webhook_max_attempts;
  webhooks.first_backoff = std::chrono::milliseconds(static_cast<int64_t>(options.webhook_first_backoff_s * 1000));
  return webhooks;
}

// With no console account yet, a one-time code lets whoever reads this log
// create the first administrator on the console's sign-in page.
void announce_setup_code(service::AccountService& accounts, const ListenerPlan& plan) {
  auto code = accounts.issue_setup_code_if_needed();
  if (!code) return spdlog::error("cannot issue a console setup code: {}", code.error().message);
  if (!*code) return;
  const auto& api = plan.api;
  const std::string host = api.address().is_unspecified() ? "127.0.0.1" : api.address().to_string();
  spdlog::warn("no console account yet: open {}://{}:{}/ and create the first administrator with the setup code {}",
               plan.api_tls ? "https" : "http", host, api.port(), **code);
}

// An API reachable from the network must not be open to anyone.
bool api_is_guarded(const ServeOptions& options, const ListenerPlan& plan, const service::TokenRegistry& tokens,
                    service::AccountService& accounts) {
  if (plan.api.address().is_loopback() || tokens.has_live_tokens()) return true;
  if (auto no_accounts = accounts.setup_needed(); no_accounts && !*no_accounts) return true;
  spdlog::critical("--api-listen {} is not a loopback address and neither an API token nor a console account "
                   "exists: create one first with `zkpush user create --data {} --name NAME --role admin` or "
                   "`zkpush token create --data {} --name NAME --scope admin`",
                   options.api_listen, options.data_dir, options.data_dir);
  return false;
}

// What the listeners serve, started and owned by serve_with_store.
struct Services {
  store::Store& store;
  service::DeviceService& devices;
  service::TokenRegistry& tokens;
  service::EventHub& hub;
  service::WebhookDispatcher& webhooks;
  service::canteen::CanteenService& canteen;
  service::AccountService& accounts;
  service::access::AccessService& access;
};

// Serves until a signal ends it; then flushes what is only in memory.
int run_listeners(const ServeOptions& options, const ListenerPlan& plan, Services s) {
  // One descriptor per connected terminal.
  const long open_files = raise_open_file_limit();
  spdlog::info("open-file limit {}", open_files);
  const int threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  http::IoPool loops(threads);
  asio::io_context& io = loops.main();
  http::DeviceRouter device_router(s.devices, s.canteen);
  api::ApiRouter api_router(api::ApiContext{s.store, s.devices, s.tokens, s.hub, s.webhooks, metrics(), s.canteen,
                                            s.accounts, s.access, plan.api_tls != nullptr || options.secure_cookies});
  const http::Limits limits = device_limits(options, open_files);
  Listeners servers;
  try {
    servers = bind_listeners(loops, plan, device_router, api_router, limits);
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen: {}", e.what());
    return 1;
  }
  // Before the "listening" lines: a SIGHUP that finds no handler ends the process.
  std::vector<std::shared_ptr<http::TlsContext>> tls_contexts;
  for (const auto& tls : {plan.device_tls, plan.api_tls})
    if (tls) tls_contexts.push_back(tls);
  asio::signal_set hup(io, SIGHUP);
  reload_on_sighup(hup, tls_contexts);

  start_listeners(servers);
  announce_setup_code(s.accounts, plan);
  spdlog::info("data: {}; at most {} connections per listener, {} per address",
               store::describe_store({options.data_dir, false, options.database}), limits.max_connections,
               limits.max_connections_per_ip);

  asio::steady_timer tick(io);
  schedule_tick(tick, s.devices, s.tokens);
  Drain drain(io, servers, limits.drain_timeout, [&] {
    tick.cancel();
    hup.cancel();
    loops.stop();
  });

  loops.run();

  s.hub.stop();
  s.access.stop();
  s.devices.drain();
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  return 0;
}

// Loads the services from the store, starts the event hub and the webhooks,
// and serves.
int serve_with_store(const ServeOptions& options, const ListenerPlan& plan, store::Store& store) {
  service::DeviceService devices(store, service_config(options), options.data_dir);
  service::access::AccessService access(store, devices);
  devices.set_access_dialect(&access);
  // Events: the hub's own thread streams them and delivers webhooks, where
  // this node holds the webhooks lease.
  service::EventHub hub;
  http::WebhookClient webhook_client;
  service::WebhookOptions hooks = webhook_options(options);
  hooks.may_deliver = [&devices] { return devices.leases().holds(service::LeaseName::kWebhooks); };
  hooks.connector_http = &webhook_client;
  hooks.terminals = [&devices](const std::string& sn) -> std::optional<service::connectors::Terminal> {
    auto device = devices.registry().find(sn);
    if (!device) return std::nullopt;
    const store::DeviceRow row = device->snapshot();
    return service::connectors::Terminal{row.group_id, row.name};
  };
  service::WebhookDispatcher webhooks(store, hub, webhook_client, hooks);
  // What any node commits reaches this one's caches, event streams and
  // webhook workers.
  service::AccountService accounts(store);
  store.watch_changes([&devices, &access, &hub, &webhooks, &accounts](const std::vector<store::Change>& changes) {
    using Kind = store::Change::Kind;
    devices.on_changes(changes);
    access.on_changes(changes);
    accounts.on_changes(changes);
    if (store::any_of_kinds(changes, {Kind::kEvents, Kind::kResync})) hub.notify();
    if (store::any_of_kinds(changes, {Kind::kWebhooks, Kind::kResync})) webhooks.reload();
  });
  struct Unwatch {  // before `hub` and `devices` go, whatever the exit
    store::Store& store;
    ~Unwatch() { store.watch_changes(nullptr); }
  } unwatch{store};
  if (auto started = devices.start(); !started) {
    spdlog::critical("cannot load devices: {}", started.error().message);
    return 1;
  }
  service::TokenRegistry tokens(store);
  if (auto loaded = tokens.load(); !loaded) {
    spdlog::critical("cannot load API tokens: {}", loaded.error().message);
    return 1;
  }
  if (!api_is_guarded(options, plan, tokens, accounts)) return 2;

  hub.start();
  webhooks.start();

  access.start();
  service::canteen::CanteenService canteen(store, devices);
  if (auto started = canteen.start(); !started) {
    spdlog::critical("cannot load canteen terminals: {}", started.error().message);
    return 1;
  }
  return run_listeners(options, plan, Services{store, devices, tokens, hub, webhooks, canteen, accounts, access});
}

}  // namespace

int serve(const ServeOptions& options) {
  setup_logging(options.log_level);
  // Under a file-size limit (ulimit -f, systemd LimitFSIZE) a write past it
  // raises SIGXFSZ, which would kill the server; ignored, the write fails with
  // EFBIG and is handled like a full disk: 503s, then recovery.
  std::signal(SIGXFSZ, SIG_IGN);

  const std::optional<ListenerPlan> plan = plan_listeners(options);
  if (!plan) return 2;
  store::StoreOptions store_options{options.data_dir, options.durability == "full", options.database};
  auto opened = store::open_store(store_options);
  if (!opened) {
    spdlog::critical("cannot open the store ({}): {}", store::describe_store(store_options), opened.error().message);
    return 1;
  }
  return serve_with_store(options, *plan, **opened);
}

}  // namespace zkpush::cli
