// Helpers for tests that run emulated terminals against the real server: a
// terminal on its own I/O thread, a terminal configuration for tests, an
// in-process HTTP server for test doubles, fast polling for a device, and
// queueing a command and waiting for its end.
#pragma once

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "http/server.h"
#include "sim/terminal.h"

namespace zkpush::test {

// Runs terminals for `seconds`, all on one I/O thread of their own, as
// `zkpush sim` does. Resends wait at most 200 ms (a terminal's own
// max_error_delay when lower).
class RunningFleet {
 public:
  using Terminals = std::vector<std::unique_ptr<sim::Terminal>>;

  RunningFleet(int port, std::vector<sim::TerminalConfig> configs, double seconds) {
    namespace asio = boost::asio;
    asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
    const auto until = deadline(seconds);
    for (auto& config : configs) {
      config.max_error_delay =
          std::min<std::chrono::milliseconds>(config.max_error_delay, std::chrono::milliseconds(200));
      terminals_.push_back(std::make_unique<sim::Terminal>(io_.get_executor(), server, sim::HttpOptions{}, config, stats_));
      boost::asio::co_spawn(io_, terminals_.back()->run(until), [](std::exception_ptr) {});
    }
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RunningFleet() { join(); }

  // Waits for the end of the run.
  Terminals& join() {
    if (thread_.joinable()) thread_.join();
    return terminals_;
  }
  // After the run: every terminal does `step(terminal, until)` (a coroutine,
  // e.g. upload) for at most `seconds`, on the calling thread.
  template <typename Step>
  void then_each(double seconds, Step step) {
    join();
    io_.restart();
    const auto until = deadline(seconds);
    for (auto& terminal : terminals_) boost::asio::co_spawn(io_, step(*terminal, until), [](std::exception_ptr) {});
    io_.run();
  }
  sim::Stats& stats() { return stats_; }

 private:
  static sim::Terminal::Clock::time_point deadline(double seconds) {
    return sim::Terminal::Clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  }

  boost::asio::io_context io_;
  sim::Stats stats_;
  Terminals terminals_;
  std::thread thread_;
};

// One terminal of its own.
class RunningTerminal {
 public:
  RunningTerminal(int port, sim::TerminalConfig config, double seconds) : fleet_(port, {std::move(config)}, seconds) {}
  sim::Terminal& join() { return *fleet_.join().front(); }
  sim::Stats& stats() { return fleet_.stats(); }

 private:
  RunningFleet fleet_;
};

inline sim::TerminalConfig config_for(const std::string& sn, const char* profile = "2.4.1") {
  sim::TerminalConfig c;
  c.sn = sn;
  c.profile = *sim::profile_by_name(profile);
  c.punches_per_minute = 0;
  c.users = 3;
  return c;
}

// A stand-in for zkpush: an http::Server on 127.0.0.1 (ephemeral port) that
// answers with `handler`, on a thread of its own until stop() or destruction.
class InProcessServer {
 public:
  explicit InProcessServer(http::Handler& handler)
      : server_(loops_, {boost::asio::ip::make_address("127.0.0.1"), 0}, handler, {}, "in-process") {
    server_.start();
    thread_ = std::thread([this] { loops_.run(); });
  }
  ~InProcessServer() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    loops_.stop();
    thread_.join();
  }
  int port() const { return server_.local_endpoint().port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

 private:
  http::IoPool loops_{1};
  http::Server server_;
  std::thread thread_;
};

// Registers the device and makes it poll every second.
inline void fast_polling(const Server& server, const std::string& sn, const std::string& pushver = "2.4.1") {
  server.get("/iclock/cdata?SN=" + sn + "&options=all" + (pushver.empty() ? "" : "&pushver=" + pushver));
  server.api_send("PUT", "/api/v1/devices/" + sn + "/settings", {{"Delay", "1"}, {"ErrorDelay", "1"}}, 200);
}

inline std::string queue(const Server& server, const std::string& sn, const std::string& command) {
  return server.api_send("POST", "/api/v1/devices/" + sn + "/commands", {{"command", command}}, 201)["id"];
}

inline nlohmann::json wait_final(const Server& server, const std::string& id) {
  nlohmann::json c;
  for (int i = 0; i < 80; ++i) {
    c = server.api_get("/api/v1/commands/" + id);
    if (c["status"] == "done" || c["status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return c;
}

}  // namespace zkpush::test
