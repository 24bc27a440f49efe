// An emulated access-control panel (inBio/C3-like, or a terminal in access
// mode) speaking the Security PUSH dialect through protocol/access only:
// `GET cdata?options=all` (DeviceType=acc), `POST /iclock/registry`,
// `POST /iclock/push`, then every request with the session's token. It
// produces real-time events (passes of the people it holds, refusals of
// cards it does not know) and door states at a chosen rate, uploads them
// until acknowledged (replaying its log after a reboot, as panels do), polls
// for commands, applies them to its own tables (user, userauthorize,
// timezone, templates...) and answers door commands with the events and
// states a panel sends. `zkpush sim --profile access` runs a fleet of them.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "protocol/access/records.h"
#include "sim/http_client.h"
#include "sim/server_replies.h"
#include "sim/stats.h"
#include "sim/terminal.h"

namespace zkpush::sim {

struct AccessPanelConfig {
  std::string sn;
  int doors = 1;                      // LockCount: 1, 2 or 4
  double events_per_minute = 1.0;     // people at the readers
  std::chrono::milliseconds start_delay{0};
  std::chrono::milliseconds max_error_delay{std::chrono::hours(1)};
  uint64_t seed = 1;
  FaultOptions faults;  // drop_mid_body, stall, duplicate, reboots_per_hour
};

// What the panel holds: the server's tables as commands left them (rows by
// their key: Pin, Pin+FingerID, TimezoneId...), its event log and doors.
struct AccessPanelDb {
  std::map<std::string, std::map<std::string, protocol::Fields>> tables;
  std::map<std::string, std::string> options;  // SET OPTIONS
  struct Event {
    protocol::access::AccessEventRecord record;
    bool uploaded = false;
  };
  std::vector<Event> events;
  int64_t next_index = 1;
  struct Door {
    bool open = false;      // the door sensor
    bool unlocked = false;  // the lock's relay
    bool keep_open = false;
    int alarm = 0;
    std::chrono::steady_clock::time_point lock_at{};  // an open for n seconds ends then
  };
  std::vector<Door> doors;
  bool state_changed = false;  // an rtstate row is due
};

// The reply record of one command ("ID=..&Return=..&CMD=..") and what the
// panel posts before it (a DATA COUNT / DATA QUERY / GET OPTIONS answer on
// /iclock/querydata: its query string and body).
struct AccessCommandResult {
  std::string reply;
  struct QueryData {
    std::string query, body;
  };
  std::vector<QueryData> uploads;
  bool reboot = false;
};

// Applies one command to the panel (door commands with the events a panel
// records: 8 remote open, 205 remote normally-open, 9 remote close, 7 alarm
// cancelled). `local_time` stamps those events.
AccessCommandResult execute_access_command(AccessPanelDb& db, const ServerCommand& command,
                                           const std::string& local_time);

class AccessPanel {
 public:
  using Clock = std::chrono::steady_clock;

  AccessPanel(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint server, HttpOptions http,
              AccessPanelConfig config, Stats& stats);

  // The firmware's main loop until `until` or stop(); never throws.
  boost::asio::awaitable<void> run(Clock::time_point until);
  void stop();

  // Steps. Registers (again) until the server gives a session; false if `until` came first.
  boost::asio::awaitable<bool> boot(Clock::time_point until);
  // Uploads the events and the door state not yet acknowledged.
  boost::asio::awaitable<void> upload(Clock::time_point until);
  // One getrequest; executes what came and replies. Returns how many commands.
  boost::asio::awaitable<int> poll(Clock::time_point until);
  // Someone at a reader of `door`: a pass when `pin` holds access to it, else a refusal.
  void present(const std::string& pin, int door);

  const std::string& sn() const { return config_.sn; }
  const AccessPanelDb& db() const { return db_; }
  const std::string& token() const { return token_; }

 private:
  boost::asio::awaitable<HttpResult> send(const char* endpoint, std::string_view method, const std::string& target,
                                          std::string body);
  boost::asio::awaitable<bool> post_until_acked(const char* endpoint, const std::string& target, std::string body,
                                                Clock::time_point until);
  boost::asio::awaitable<void> error_pause(Clock::time_point until);
  void add_event(const std::string& pin, const std::string& card, int event, int door, int verify);
  void relock_due();
  bool chance(double share);
  std::string local_time() const;

  boost::asio::any_io_executor executor_;
  HttpClient http_;
  AccessPanelConfig config_;
  Stats& stats_;
  AccessPanelDb db_;
  std::string token_;  // empty: not registered (a 401 empties it)
  int request_delay_s_ = 10, error_delay_s_ = 30;
  long long clock_offset_s_ = 0;  // the panel's clock minus system UTC, from the Date header
  std::mt19937_64 random_;
  boost::asio::steady_timer wake_;
  bool stopped_ = false;
};

}  // namespace zkpush::sim
