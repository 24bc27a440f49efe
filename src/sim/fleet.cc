#include "sim/fleet.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "sim/access_panel.h"
#include "sim/canteen_terminal.h"
#include "sim/script.h"
#include "sim/verify.h"
#include "util/open_files.h"

namespace zkpush::sim {
namespace asio = boost::asio;

namespace {

// The n-th terminal's serial number (from 1): PREFIX00001, PREFIX00002, ...
std::string serial_number(const std::string& prefix, int n) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%05d", n);
  return prefix + digits;
}

// A canteen terminal from the fleet's options: --rate is sales per minute.
CanteenTerminalConfig canteen_config(const TerminalConfig& c) {
  CanteenTerminalConfig config;
  config.sn = c.sn;
  config.language = c.language;
  config.purchases_per_minute = c.punches_per_minute;
  config.start_delay = c.start_delay;
  config.max_error_delay = c.max_error_delay;
  config.seed = c.seed;
  return config;
}

// An access panel from the fleet's options: --rate is people at the readers per minute.
AccessPanelConfig access_config(const TerminalConfig& c) {
  AccessPanelConfig config;
  config.sn = c.sn;
  config.doors = c.doors;
  config.events_per_minute = c.punches_per_minute;
  config.start_delay = c.start_delay;
  config.max_error_delay = c.max_error_delay;
  config.seed = c.seed;
  config.faults = c.faults;
  return config;
}

// The addresses from --server (and --api for --verify), checked against the
// other options; on a mistake, says why and returns false.
bool check_fleet_options(const FleetOptions& options, asio::ip::tcp::endpoint& server, asio::ip::tcp::endpoint& api) {
  std::string error;
  if (!parse_server_url(options.server_url, server, error)) {
    std::fprintf(stderr, "--server %s: %s\n", options.server_url.c_str(), error.c_str());
    return false;
  }
  if (options.verify && !parse_server_url(options.api_url, api, error)) {
    std::fprintf(stderr, "--api %s: %s\n", options.api_url.c_str(), error.c_str());
    return false;
  }
  if (const long limit = raise_open_file_limit(); limit >= 0 && limit < options.devices + 64)
    std::fprintf(stderr, "warning: %d terminals but only %ld open files allowed (ulimit -n)\n", options.devices, limit);
  if (options.terminal.profile.name == "canteen" && options.verify) {
    std::fprintf(stderr, "--verify checks attendance terminals; read the canteen reconciliation instead "
                         "(GET /api/v1/canteen/reconciliation)\n");
    return false;
  }
  if (options.terminal.profile.name == "access" && options.verify) {
    std::fprintf(stderr, "--verify checks attendance terminals; read GET /api/v1/access-events instead\n");
    return false;
  }
  return true;
}

// The fleet's terminals, each started as a coroutine on `io`; `running`
// counts those not yet finished. The timers pace the progress line and the
// checks of FleetOptions::stop_when; the last terminal out cancels both, so
// the run ends at once.
struct Fleet {
  explicit Fleet(asio::io_context& io) : progress(io), stop_check(io) {}
  std::vector<std::unique_ptr<Terminal>> terminals;
  std::vector<std::unique_ptr<CanteenTerminal>> canteen_terminals;
  std::vector<std::unique_ptr<AccessPanel>> access_panels;
  std::shared_ptr<CardPurses> purses = std::make_shared<CardPurses>();  // the canteen cards, shared by every terminal
  int running = 0;
  asio::steady_timer progress;
  asio::steady_timer stop_check;
};

void start_fleet(asio::io_context& io, const FleetOptions& options, const asio::ip::tcp::endpoint& server,
                 Stats& stats, Terminal::Clock::time_point until, Fleet& fleet) {
  const bool canteen = options.terminal.profile.name == "canteen";
  const bool access = options.terminal.profile.name == "access";
  for (int i = 0; i < options.devices; ++i) {
    TerminalConfig config = options.terminal;
    config.sn = serial_number(options.sn_prefix, i + 1);
    config.seed = options.terminal.seed + static_cast<uint64_t>(i);
    config.start_delay = options.ramp * i / options.devices;
    ++fleet.running;
    auto finished = [&fleet](std::exception_ptr) {
      if (--fleet.running > 0) return;
      fleet.progress.cancel();
      fleet.stop_check.cancel();
    };
    if (canteen) {
      fleet.canteen_terminals.push_back(std::make_unique<CanteenTerminal>(
          io.get_executor(), server, options.http, canteen_config(config), stats, fleet.purses));
      asio::co_spawn(io, fleet.canteen_terminals.back()->run(until), finished);
      continue;
    }
    if (access) {
      fleet.access_panels.push_back(
          std::make_unique<AccessPanel>(io.get_executor(), server, options.http, access_config(config), stats));
      asio::co_spawn(io, fleet.access_panels.back()->run(until), finished);
      continue;
    }
    fleet.terminals.push_back(std::make_unique<Terminal>(io.get_executor(), server, options.http, config, stats));
    asio::co_spawn(io, fleet.terminals.back()->run(until), finished);
  }
}

// Runs `io` until every terminal finished, with a progress line each second
// and, when FleetOptions::stop_when is set, a check every 50 ms that stops
// every terminal once it holds.
void run_with_progress(asio::io_context& io, const FleetOptions& options, const Stats& stats,
                       Terminal::Clock::time_point start, Fleet& fleet) {
  std::function<void()> tick = [&] {
    if (options.progress) std::fprintf(stderr, "\r%s", stats.progress_line(Terminal::Clock::now() - start).c_str());
    if (fleet.running == 0) return;
    fleet.progress.expires_after(std::chrono::seconds(1));
    fleet.progress.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) tick();
    });
  };
  tick();
  std::function<void()> check_stop = [&] {
    if (fleet.running == 0) return;
    if (options.stop_when(stats)) {
      for (auto& t : fleet.terminals) t->stop();
      for (auto& t : fleet.canteen_terminals) t->stop();
      for (auto& t : fleet.access_panels) t->stop();
      return;
    }
    fleet.stop_check.expires_after(std::chrono::milliseconds(50));
    fleet.stop_check.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) check_stop();
    });
  };
  if (options.stop_when) check_stop();
  io.run();
  if (options.progress) std::fprintf(stderr, "\n");
}

// The summary on stdout and, with --stats-file, as key-value lines; false
// when the file cannot be written.
bool report_stats(const FleetOptions& options, const Stats& stats, Terminal::Clock::duration elapsed) {
  std::printf("%s", stats.summary(elapsed).c_str());
  if (options.stats_file.empty()) return true;
  FILE* f = std::fopen(options.stats_file.c_str(), "w");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot write --stats-file %s\n", options.stats_file.c_str());
    return false;
  }
  std::fputs(stats.key_values(elapsed).c_str(), f);
  std::fclose(f);
  return true;
}

// --verify: every acknowledged punch stored once, every command final.
int verify_fleet(asio::io_context& io, const FleetOptions& options, const asio::ip::tcp::endpoint& api,
                 const Fleet& fleet) {
  io.restart();
  VerifyReport report;
  asio::co_spawn(io, verify_terminals(io.get_executor(), api, fleet.terminals, options.api_token),
                 [&report](std::exception_ptr e, VerifyReport r) {
                   if (e) {
                     report.ok = false;
                     report.problems.push_back("verification stopped by an exception");
                   } else {
                     report = std::move(r);
                   }
                 });
  io.run();
  std::printf("verify: %llu acknowledged punches and %llu commands checked: %s\n",
              static_cast<unsigned long long>(report.checked_records),
              static_cast<unsigned long long>(report.checked_commands), report.ok ? "OK" : "FAILED");
  for (const auto& p : report.problems) std::printf("  %s\n", p.c_str());
  return report.ok ? 0 : 1;
}

}  // namespace

int run_fleet(const FleetOptions& options) {
  asio::ip::tcp::endpoint server, api;
  if (!check_fleet_options(options, server, api)) return 2;
  asio::io_context io(1);
  Stats stats;
  Fleet fleet(io);
  const auto start = Terminal::Clock::now();
  start_fleet(io, options, server, stats, start + options.duration, fleet);
  run_with_progress(io, options, stats, start, fleet);
  if (!report_stats(options, stats, Terminal::Clock::now() - start)) return 2;
  return options.verify ? verify_fleet(io, options, api, fleet) : 0;
}

int run_sim(const FleetOptions& options) {
  if (options.script.empty()) return run_fleet(options);
  TerminalConfig config = options.terminal;
  config.sn = serial_number(options.sn_prefix, 1);
  return run_script_file(options.script, config, options.http, options.server_url, options.api_url, options.api_token);
}

}  // namespace zkpush::sim
