// One emulated terminal: boots with the handshake, obeys the options it gets
// back (Delay, ErrorDelay, Realtime/TransInterval, TransFlag, stamps,
// TimeZone, clock from the Date header), punches at a configured rate,
// uploads in batches of at most 128 lines and resends each batch until it is
// acknowledged, polls for commands and executes them against its own
// database (command_executor.h), replying in one devicecmd post per poll.
//
// A terminal is a coroutine on the emulator's I/O thread; thousands share one
// thread.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "sim/command_executor.h"
#include "sim/http_client.h"
#include "sim/profile.h"
#include "sim/server_replies.h"
#include "sim/stats.h"
#include "sim/terminal_db.h"
#include "util/charset.h"

namespace zkpush::sim {

struct TerminalConfig {
  std::string sn;
  Profile profile;
  std::string language = "69";     // 83: Chinese, names travel in GB2312
  double punches_per_minute = 1.0;
  int users = 10;
  int history = 0;                 // attendance records already on the terminal at boot
  bool replay_history = false;     // ignore stamps: upload everything again after each boot (MB10-VL, B2)
  std::chrono::seconds max_error_delay{3600};  // caps the server's ErrorDelay (for labs and tests)
};

class Terminal {
 public:
  using Clock = std::chrono::steady_clock;

  Terminal(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint server, HttpOptions http,
           TerminalConfig config, Stats& stats);

  // Runs until `until`; never throws.
  boost::asio::awaitable<void> run(Clock::time_point until);

  const std::string& sn() const { return config_.sn; }
  const TerminalDb& db() const { return db_; }
  // Every punch the server acknowledged, in order (for --verify).
  const std::vector<protocol::AttlogRecord>& acknowledged() const { return acknowledged_; }

  // Adds a punch now (scripts and tests); returns it.
  protocol::AttlogRecord punch();

 private:
  boost::asio::awaitable<bool> boot(Clock::time_point until);
  boost::asio::awaitable<bool> post_until_acked(const char* endpoint, const std::string& target, std::string body,
                                                Clock::time_point until);
  boost::asio::awaitable<void> upload_new(Clock::time_point until);
  boost::asio::awaitable<void> poll(Clock::time_point until);
  boost::asio::awaitable<void> execute(const std::vector<ServerCommand>& commands, Clock::time_point until);
  boost::asio::awaitable<long long> download(const Download& download, bool upgrade);
  boost::asio::awaitable<void> sleep_until(Clock::time_point when);

  std::string local_time() const;  // the terminal's clock, "YYYY-MM-DD HH:MM:SS"
  std::string cdata_target(const std::string& table, const std::string& stamp_key, const std::string& stamp) const;
  std::string to_device(const std::string& utf8) const;
  void seed_users();

  boost::asio::any_io_executor executor_;
  HttpClient http_;
  TerminalConfig config_;
  TerminalIdentity identity_;
  Stats& stats_;
  TerminalDb db_;
  ServerOptions options_;
  Charset charset_ = Charset::kUtf8;
  long long clock_offset_s_ = 0;  // terminal local time minus system UTC
  long long last_punch_s_ = 0;
  uint64_t punch_counter_ = 0;
  int polls_ = 0;
  std::vector<protocol::AttlogRecord> acknowledged_;
};

}  // namespace zkpush::sim
