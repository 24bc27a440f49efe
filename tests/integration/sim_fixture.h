// Helpers for tests that run emulated terminals against the real server:
// terminals on their own I/O thread until a condition holds, a terminal
// configuration for tests, an in-process HTTP server for test doubles, fast
// polling for a device, and queueing a command and waiting for its end.
#pragma once

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "http/server.h"
#include "sim/terminal.h"
#include "support/eventually.h"

namespace zkpush::test {

// Runs terminals, all on one I/O thread of their own as `zkpush sim` does,
// until the test has seen what it waits for and stops them. Resends wait at
// most 200 ms (a terminal's own max_error_delay when lower).
class RunningFleet {
 public:
  using Terminals = std::vector<std::unique_ptr<sim::Terminal>>;
  // Past eventually()'s deadline: the terminals outlive every wait of a test.
  static constexpr std::chrono::seconds kRunBound{60};

  RunningFleet(int port, std::vector<sim::TerminalConfig> configs) {
    namespace asio = boost::asio;
    asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
    const auto until = sim::Terminal::Clock::now() + kRunBound;
    for (auto& config : configs) {
      config.max_error_delay =
          std::min<std::chrono::milliseconds>(config.max_error_delay, std::chrono::milliseconds(200));
      terminals_.push_back(std::make_unique<sim::Terminal>(io_.get_executor(), server, sim::HttpOptions{}, config, stats_));
      boost::asio::co_spawn(io_, terminals_.back()->run(until), [](std::exception_ptr) {});
    }
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RunningFleet() { stop(); }

  // Whether `condition(terminals, stats)` comes to hold (eventually()); it is
  // evaluated on the terminals' thread, so it may read their state.
  template <typename Condition>
  bool wait_until(Condition condition) {
    return eventually([&] { return on_terminals_thread([&] { return condition(terminals_, stats_); }); });
  }
  // Waits until `condition(terminals, stats)` holds, as wait_until, and stops
  // the terminals in the same step (no punch comes between); whether it held.
  // The terminals are stopped either way.
  template <typename Condition>
  bool stop_when(Condition condition) {
    const bool held = wait_until([&](Terminals& terminals, sim::Stats& stats) {
      if (!condition(terminals, stats)) return false;
      for (auto& terminal : terminals) terminal->stop();
      return true;
    });
    stop();
    return held;
  }
  // Stops every terminal after its request in progress and waits for them.
  Terminals& stop() {
    if (thread_.joinable()) {
      on_terminals_thread([this] {
        for (auto& terminal : terminals_) terminal->stop();
        return true;
      });
      work_.reset();
      thread_.join();
    }
    return terminals_;
  }
  // After the run: every terminal does `step(terminal, until)` (a coroutine,
  // e.g. upload) to its end, at most for `bound`, on the calling thread.
  template <typename Step>
  void then_each(Step step, std::chrono::seconds bound = kRunBound) {
    stop();
    io_.restart();
    const auto until = sim::Terminal::Clock::now() + bound;
    for (auto& terminal : terminals_) boost::asio::co_spawn(io_, step(*terminal, until), [](std::exception_ptr) {});
    io_.run();
  }
  // Only after stop(); while the terminals run, read it in wait_until.
  sim::Stats& stats() { return stats_; }

 private:
  template <typename Function>
  bool on_terminals_thread(Function function) {
    std::promise<bool> done;
    auto result = done.get_future();
    boost::asio::post(io_, [&] { done.set_value(function()); });
    return result.get();
  }

  boost::asio::io_context io_;
  // Keeps the thread serving wait_until after the terminals' runs ended.
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  sim::Stats stats_;
  Terminals terminals_;
  std::thread thread_;
};

// One terminal of its own.
class RunningTerminal {
 public:
  RunningTerminal(int port, sim::TerminalConfig config) : fleet_(port, {std::move(config)}) {}
  // As RunningFleet::wait_until, with `condition(terminal, stats)`.
  template <typename Condition>
  bool wait_until(Condition condition) {
    return fleet_.wait_until([&](RunningFleet::Terminals& terminals, sim::Stats& stats) {
      return condition(*terminals.front(), stats);
    });
  }
  // As RunningFleet::stop_when, with `condition(terminal, stats)`.
  template <typename Condition>
  bool stop_when(Condition condition) {
    return fleet_.stop_when([&](RunningFleet::Terminals& terminals, sim::Stats& stats) {
      return condition(*terminals.front(), stats);
    });
  }
  sim::Terminal& stop() { return *fleet_.stop().front(); }
  sim::Stats& stats() { return fleet_.stats(); }

 private:
  RunningFleet fleet_;
};

// Conditions for wait_until.
// Every punch on the terminal acknowledged by the server.
inline bool all_uploaded(const sim::Terminal& terminal) {
  return std::all_of(terminal.db().attlogs.begin(), terminal.db().attlogs.end(),
                     [](const auto& a) { return a.uploaded; });
}

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
  // `port` 0: an ephemeral one; another: the port of a stopped server, to
  // bring a target back where its clients look for it.
  explicit InProcessServer(http::Handler& handler, unsigned short port = 0)
      : server_(loops_, {boost::asio::ip::make_address("127.0.0.1"), port}, handler, {}, "in-process") {
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

// The command once it is done or failed (as it is when that never happens).
inline nlohmann::json wait_final(const Server& server, const std::string& id) {
  nlohmann::json c;
  eventually([&] {
    c = server.api_get("/api/v1/commands/" + id);
    return c["status"] == "done" || c["status"] == "failed";
  });
  return c;
}

}  // namespace zkpush::test
