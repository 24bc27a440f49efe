// Helpers for tests that run emulated terminals against the real server: a
// terminal on its own I/O thread, a terminal configuration for tests, a stub
// server, fast polling for a device, and queueing a command and waiting for
// its end.
#pragma once

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "harness.h"
#include "http/server.h"
#include "sim/terminal.h"

namespace zkpush::testing {

// Runs one terminal on its own I/O thread for `seconds`.
// Resends wait at most 200 ms (the terminal's own max_error_delay when lower).
class RunningTerminal {
 public:
  RunningTerminal(int port, sim::TerminalConfig config, double seconds) {
    namespace asio = boost::asio;
    asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
    config.max_error_delay = std::min<std::chrono::milliseconds>(config.max_error_delay, std::chrono::milliseconds(200));
    terminal_ = std::make_unique<sim::Terminal>(io_.get_executor(), server, sim::HttpOptions{}, config, stats_);
    auto until = sim::Terminal::Clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    boost::asio::co_spawn(io_, terminal_->run(until), [](std::exception_ptr) {});
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RunningTerminal() { join(); }
  sim::Terminal& join() {
    if (thread_.joinable()) thread_.join();
    return *terminal_;
  }
  sim::Stats& stats() { return stats_; }

 private:
  boost::asio::io_context io_;
  sim::Stats stats_;
  std::unique_ptr<sim::Terminal> terminal_;
  std::thread thread_;
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
class StubServer {
 public:
  explicit StubServer(http::Handler& handler)
      : server_(loops_, {boost::asio::ip::make_address("127.0.0.1"), 0}, handler, {}, "stub") {
    server_.start();
    thread_ = std::thread([this] { loops_.run(); });
  }
  ~StubServer() { stop(); }
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

}  // namespace zkpush::testing
