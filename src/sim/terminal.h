// One emulated terminal: boots with the handshake, obeys the options it gets
// back (Delay, ErrorDelay, Realtime/TransInterval, TransFlag, stamps,
// TimeZone, clock from the Date header), punches, enrols people and takes
// photos at configured rates, uploads in batches of at most 128 lines and
// resends each batch until it is acknowledged, polls for commands and
// executes them against its own database (command_executor.h), replying in
// one devicecmd post per poll. Faults can be injected (FaultOptions).
//
// A terminal is a coroutine on the emulator's I/O thread; thousands share one
// thread. run() is the firmware's main loop; the steps it is made of are
// public for scenario scripts (script.h) and tests.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "sim/activity.h"
#include "sim/command_executor.h"
#include "sim/http_client.h"
#include "sim/profile.h"
#include "sim/server_replies.h"
#include "sim/stats.h"
#include "sim/terminal_db.h"
#include "util/charset.h"

namespace zkpush::sim {

// Failures a terminal injects (`zkpush sim --fault KIND=VALUE`). Shares are
// probabilities in 0..1, drawn per request, post or batch.
struct FaultOptions {
  double drop_mid_body = 0;     // posts cut off half-way through the body (the terminal resends)
  double stall = 0;             // requests sent slowly: 8 pieces 150 ms apart
  double duplicate = 0;         // acknowledged uploads posted a second time
  double garbage = 0;           // ATTLOG batches with one unreadable line among the records
  double reboots_per_hour = 0;  // random power cycles
  int clock_skew_s = 0;         // the terminal's clock runs this far ahead of the server's (negative: behind)
};

// True with probability `share` (0..1).
bool chance(double share, std::mt19937_64& random);

// The failure one request injects, drawn from the shares of `faults`
// (drop_mid_body for posts only, else stall); a stall is counted in `stats`.
Fault draw_fault(const FaultOptions& faults, std::string_view method, std::mt19937_64& random, Stats& stats);

struct TerminalConfig {
  std::string sn;
  Profile profile;
  std::string language = "69";     // 83: Chinese, names travel in GB2312
  double punches_per_minute = 1.0;
  double enrolments_per_hour = 0;  // people enrolling at the terminal: USER, templates, operation log rows
  double photo_share = 0;          // share of punches that take an attendance photo
  int users = 10;
  int doors = 1;                   // access panels (--profile access): doors and their readers
  int history = 0;                 // attendance records already on the terminal at boot
  bool replay_history = false;     // ignore stamps: upload everything again after each boot (MB10-VL, B2)
  bool exit_after_upload = false;  // stop once the first upload after boot is acknowledged (benchmarks)
  std::chrono::milliseconds start_delay{0};    // wait this long before booting (a fleet's ramp)
  std::chrono::milliseconds max_error_delay{std::chrono::hours(1)};  // caps the server's ErrorDelay (labs, tests)
  uint64_t seed = 1;               // the faults' random draws
  FaultOptions faults;
};

class Terminal {
 public:
  using Clock = std::chrono::steady_clock;

  Terminal(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint server, HttpOptions http,
           TerminalConfig config, Stats& stats);

  // The firmware's main loop until `until` or stop(); never throws.
  boost::asio::awaitable<void> run(Clock::time_point until);
  // Ends run() early, once the step in progress (an upload, a poll) is done,
  // without waiting for the next punch or poll: what the run was for has
  // happened (a test's or a fleet's stop condition). The steps themselves
  // still run to their end when called after it. Call on the terminal's
  // executor.
  void stop();

  // Steps; `until` bounds every wait and resend.
  // Power-on: logs a startup row, handshakes (retrying until the server
  // answers) and pushes the device's options. False if `until` came first.
  boost::asio::awaitable<bool> boot(Clock::time_point until);
  // Uploads everything new that TransFlag allows: punches, operation log,
  // enrolments, attendance photos; each batch resent until acknowledged.
  boost::asio::awaitable<void> upload(Clock::time_point until);
  // One getrequest; executes what came and replies. Returns how many commands.
  boost::asio::awaitable<int> poll(Clock::time_point until);
  // A power cycle: boot, then (with replay_history) everything again, then upload.
  boost::asio::awaitable<void> reboot(Clock::time_point until);
  // A punch now, by `pin` or by the next enrolled user in turn; returns it.
  protocol::AttlogRecord punch(std::optional<std::string> pin = std::nullopt);
  // A person enrolling at the terminal's menu (activity.h).
  void enrol(const protocol::UserRecord& user);

  const std::string& sn() const { return config_.sn; }
  const TerminalDb& db() const { return db_; }
  const ServerOptions& server_options() const { return options_; }
  // Every punch the server acknowledged, in order (for --verify).
  const std::vector<protocol::AttlogRecord>& acknowledged() const { return acknowledged_; }
  // Every command a getrequest delivered, in order, repeats included.
  const std::vector<ServerCommand>& received_commands() const { return received_; }

 private:
  boost::asio::awaitable<bool> handshake(Clock::time_point until);
  boost::asio::awaitable<HttpResult> send(const char* endpoint, std::string_view method, const std::string& target,
                                          std::string body);
  boost::asio::awaitable<bool> post_until_acked(const char* endpoint, const std::string& target, std::string body,
                                                Clock::time_point until);
  boost::asio::awaitable<void> upload_attlogs(Clock::time_point until);
  boost::asio::awaitable<void> upload_lines(const std::string& table, Clock::time_point until);
  boost::asio::awaitable<void> upload_photos(Clock::time_point until);
  boost::asio::awaitable<void> execute(const std::vector<ServerCommand>& commands, Clock::time_point until);
  boost::asio::awaitable<long long> download(const Download& download, bool upgrade);
  boost::asio::awaitable<void> sleep_until(Clock::time_point when);
  boost::asio::awaitable<void> error_pause(Clock::time_point until);

  protocol::AttlogRecord add_punch(long long when, std::optional<std::string> pin);
  bool chance(double share);
  std::string local_time() const;  // the terminal's clock, "YYYY-MM-DD HH:MM:SS"
  std::string cdata_target(const std::string& table, const std::string& stamp_key, const std::string& stamp) const;
  std::string to_device(const std::string& utf8) const;
  void seed_users();
  void mark_all_for_upload();

  boost::asio::any_io_executor executor_;
  HttpClient http_;
  TerminalConfig config_;
  TerminalIdentity identity_;
  Stats& stats_;
  TerminalDb db_;
  ServerOptions options_;
  Charset charset_ = Charset::kUtf8;
  std::mt19937_64 random_;
  long long clock_offset_s_ = 0;  // terminal local time minus system UTC
  long long last_punch_s_ = 0;
  uint64_t punch_counter_ = 0;
  uint64_t upload_counter_ = 0;   // stamps of OPERLOG/BIODATA/photo posts
  int polls_ = 0;
  std::vector<PendingLine> pending_lines_;  // enrolments not yet uploaded
  std::vector<protocol::AttlogRecord> acknowledged_;
  std::vector<ServerCommand> received_;
  boost::asio::steady_timer wake_;  // run()'s wait for the next punch or poll; stop() cancels it
  bool stopped_ = false;
};

}  // namespace zkpush::sim
