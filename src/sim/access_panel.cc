#include "sim/access_panel.h"

#include <algorithm>

#include "protocol/access/session.h"
#include "protocol/text.h"
#include "sim/sleep.h"
#include "util/clock.h"

namespace zkpush::sim {

namespace asio = boost::asio;

namespace {

constexpr std::size_t kBatchRows = 64;
// A pass unlocks the door this long (Door1Drivetime's default, CN24 App.10).
constexpr std::chrono::seconds kDriveTime{5};

std::string value_of(const std::string& body, std::string_view key) {
  std::string found;
  protocol::for_each_line(body, [&](std::string_view line) {
    const auto eq = line.find('=');
    if (eq != std::string_view::npos && protocol::trim(line.substr(0, eq)) == key)
      found = std::string(protocol::trim(line.substr(eq + 1)));
  });
  return found;
}

// An rtlog row in the order a SenseFace 2A sends (capture R21).
std::string rtlog_row(const protocol::access::AccessEventRecord& r) {
  return "time=" + r.time + "\tpin=" + r.pin + "\tcardno=" + r.card_no + "\teventaddr=" + std::to_string(r.door) +
         "\tevent=" + std::to_string(r.event) + "\tinoutstatus=" + std::to_string(r.in_out) + "\tverifytype=" +
         r.verify + "\tindex=" + std::to_string(r.index.value_or(0)) + "\tsitecode=0\tlinkid=0\tmaskflag=0\r\n";
}

std::string hex_byte(unsigned value) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[(value >> 4) & 15], kDigits[value & 15]};
}

// sensor (2 bits a door), relay (1 bit), alarm (a byte a door): CN24 §10.3.
std::string rtstate_row(const AccessPanelDb& db, const std::string& time) {
  unsigned sensor = 0, relay = 0;
  std::string alarm;
  for (std::size_t i = 0; i < db.doors.size() && i < 8; ++i) {
    const auto& d = db.doors[i];
    sensor |= (d.open ? 2u : 1u) << (2 * (i % 4)) << (i >= 4 ? 8 : 0);
    if (d.unlocked) relay |= 1u << i;
    alarm += hex_byte(static_cast<unsigned>(d.alarm));
  }
  std::string sensors = hex_byte(sensor);
  if (db.doors.size() > 4) sensors += hex_byte(sensor >> 8);
  return "time=" + time + "\tsensor=" + sensors + "\trelay=" + hex_byte(relay) + "\talarm=" + alarm + "\r\n";
}

// Whether `pin` may pass `door` (1-based): a user row, and a userauthorize
// row whose AuthorizeDoorId bitmap has the door (CN24 §12.1.1-5).
bool authorized(const AccessPanelDb& db, const std::string& pin, int door) {
  auto users = db.tables.find("user");
  if (users == db.tables.end() || !users->second.count(pin)) return false;
  auto rights = db.tables.find("userauthorize");
  if (rights == db.tables.end()) return false;
  for (const auto& [key, row] : rights->second) {
    std::string row_pin, doors;
    for (const auto& [k, v] : row) {
      if (k == "Pin") row_pin = v;
      if (k == "AuthorizeDoorId") doors = v;
    }
    if (row_pin == pin && (protocol::parse_int(doors).value_or(0) >> (door - 1)) & 1) return true;
  }
  return false;
}

}  // namespace

AccessPanel::AccessPanel(asio::any_io_executor executor, asio::ip::tcp::endpoint server, HttpOptions http,
                         AccessPanelConfig config, Stats& stats)
    : executor_(executor),
      http_(executor, server, http),
      config_(std::move(config)),
      stats_(stats),
      random_(config_.seed),
      wake_(executor) {
  db_.doors.resize(static_cast<std::size_t>(std::clamp(config_.doors, 1, 8)));
}

std::string AccessPanel::local_time() const { return format_record_time((now_ms() / 1000) + clock_offset_s_); }

bool AccessPanel::chance(double share) { return sim::chance(share, random_); }

void AccessPanel::stop() {
  stopped_ = true;
  wake_.cancel();
}

asio::awaitable<void> AccessPanel::error_pause(Clock::time_point until) {
  auto wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(error_delay_s_), config_.max_error_delay);
  co_await sim::sleep_until(executor_, std::min(until, Clock::now() + wait));
}

asio::awaitable<HttpResult> AccessPanel::send(const char* endpoint, std::string_view method, const std::string& target,
                                              std::string body) {
  const Fault fault = draw_fault(config_.faults, method, random_, stats_);
  const std::string cookie = token_.empty() ? std::string() : "Cookie: token=" + token_;
  HttpResult r = co_await http_.request(method, target, std::move(body), cookie, fault);
  stats_.record(endpoint, r);
  if (r.status == 401) token_.clear();  // the session is gone: register again
  co_return r;
}

asio::awaitable<bool> AccessPanel::boot(Clock::time_point until) {
  token_.clear();
  const std::string sn = config_.sn;
  while (Clock::now() < until && !stopped_) {
    HttpResult hello = co_await send("handshake", "GET", "/iclock/cdata?SN=" + sn + "&options=all&pushver=3.1.2&DeviceType=acc", {});
    if (hello.status == 200) {
      if (long long server_now = parse_http_date(hello.date); server_now > 0) clock_offset_s_ = server_now - (now_ms() / 1000);
      // Registered or not, a panel registers on every connection (CN24 §7.1).
      std::string registry = "DeviceType=acc,~DeviceName=zkpush-sim-panel,FirmVer=AC Ver 5.7.8.3033,PushVersion=3.2.3,"
                             "MachineType=" + std::string(db_.doors.size() == 1 ? "101" : "10") +
                             ",LockCount=" + std::to_string(db_.doors.size()) +
                             ",ReaderCount=" + std::to_string(2 * db_.doors.size()) + ",~SerialNumber=" + sn;
      HttpResult code = co_await send("registry", "POST", "/iclock/registry?SN=" + sn, std::move(registry));
      if (code.status == 200 && protocol::istarts_with(code.body, "RegistryCode=")) {
        HttpResult push = co_await send("push", "POST", "/iclock/push?SN=" + sn, {});
        const std::string session = value_of(push.body, "SessionID");
        if (push.status == 200 && !session.empty()) {
          request_delay_s_ = static_cast<int>(protocol::parse_int(value_of(push.body, "RequestDelay")).value_or(10));
          error_delay_s_ = static_cast<int>(protocol::parse_int(value_of(push.body, "ErrorDelay")).value_or(30));
          token_ = protocol::access::session_token(code.body.substr(13), sn, session);
          ++stats_.terminals_booted;
          db_.state_changed = true;  // the doors' state after a start
          co_return true;
        }
      }
    }
    co_await error_pause(until);
  }
  co_return false;
}

void AccessPanel::add_event(const std::string& pin, const std::string& card, int event, int door, int verify) {
  protocol::access::AccessEventRecord r;
  r.time = local_time();
  r.time_valid = true;
  r.pin = pin;
  r.card_no = card;
  r.event = event;
  r.door = door;
  r.in_out = 0;
  r.verify = std::to_string(verify);
  r.index = db_.next_index++;
  db_.events.push_back({std::move(r), false});
}

void AccessPanel::present(const std::string& pin, int door) {
  if (authorized(db_, pin, door)) {
    add_event(pin, "0", 0, door, 4);  // normal verify, open (card)
    auto& d = db_.doors[static_cast<std::size_t>(door - 1)];
    d.unlocked = true;
    d.lock_at = Clock::now() + kDriveTime;
    db_.state_changed = true;
  } else {
    // A person the panel does not hold is "not registered" (27); one without
    // the door among its rights is refused (23, illegal access).
    const bool known = db_.tables["user"].count(pin) > 0;
    add_event(known ? pin : "0", known ? "0" : std::to_string(1000000 + random_() % 9000000), known ? 23 : 27, door,
              4);
  }
}

void AccessPanel::relock_due() {
  for (auto& d : db_.doors) {
    if (d.unlocked && !d.keep_open && d.lock_at != Clock::time_point{} && Clock::now() >= d.lock_at) {
      d.unlocked = false;
      d.lock_at = {};
      db_.state_changed = true;
    }
  }
}

asio::awaitable<bool> AccessPanel::post_until_acked(const char* endpoint, const std::string& target, std::string body,
                                                    Clock::time_point until) {
  while (Clock::now() < until && !token_.empty()) {
    HttpResult r = co_await send(endpoint, "POST", target, body);
    if (r.status == 200) {
      if (chance(config_.faults.duplicate)) {
        stats_.count_injected("duplicate post");
        co_await send(endpoint, "POST", target, std::move(body));
      }
      co_return true;
    }
    co_await error_pause(until);
  }
  co_return false;
}

asio::awaitable<void> AccessPanel::upload(Clock::time_point until) {
  const std::string rtlog = "/iclock/cdata?SN=" + config_.sn + "&table=rtlog";
  std::vector<std::size_t> batch;
  for (std::size_t i = 0; i < db_.events.size(); ++i) {
    if (db_.events[i].uploaded) continue;
    batch.push_back(i);
    if (batch.size() < kBatchRows && i + 1 < db_.events.size()) continue;
    std::string body;
    for (std::size_t k : batch) body += rtlog_row(db_.events[k].record);
    stats_.records_sent += batch.size();
    if (!co_await post_until_acked("rtlog", rtlog, std::move(body), until)) co_return;
    for (std::size_t k : batch) db_.events[k].uploaded = true;
    stats_.records_acked += batch.size();
    batch.clear();
  }
  if (db_.state_changed) {
    db_.state_changed = false;
    const std::string rtstate = "/iclock/cdata?SN=" + config_.sn + "&table=rtstate";
    if (!co_await post_until_acked("rtstate", rtstate, rtstate_row(db_, local_time()), until)) db_.state_changed = true;
  }
}

asio::awaitable<int> AccessPanel::poll(Clock::time_point until) {
  HttpResult r = co_await send("getrequest", "GET", "/iclock/getrequest?SN=" + config_.sn, {});
  if (r.status != 200) co_return 0;
  auto commands = parse_command_lines(r.body);
  if (commands.empty()) co_return 0;
  std::string replies;
  bool reboot = false;
  for (const auto& command : commands) {
    AccessCommandResult result = execute_access_command(db_, command, local_time());
    for (auto& upload : result.uploads)
      co_await send("querydata", "POST", "/iclock/querydata?SN=" + config_.sn + "&" + upload.query,
                    std::move(upload.body));
    replies += result.reply + "\n";
    reboot = reboot || result.reboot;
    ++stats_.commands_executed;
  }
  co_await send("devicecmd", "POST", "/iclock/devicecmd?SN=" + config_.sn, std::move(replies));
  // Door commands produce events and states: the server hears of them at once.
  co_await upload(until);
  if (reboot) co_await boot(until);
  co_return static_cast<int>(commands.size());
}

asio::awaitable<void> AccessPanel::run(Clock::time_point until) {
  co_await sim::sleep_until(executor_, std::min(until, Clock::now() + config_.start_delay));
  if (!co_await boot(until)) co_return;
  using Seconds = std::chrono::duration<double>;
  const double per_event_s = config_.events_per_minute > 0 ? 60.0 / config_.events_per_minute : 0;
  auto next_event = per_event_s > 0 ? Clock::now() : Clock::time_point::max();
  auto next_poll = Clock::now();
  const double reboots_per_s = config_.faults.reboots_per_hour / 3600.0;
  while (Clock::now() < until && !stopped_) {
    if (token_.empty() && !co_await boot(until)) co_return;
    for (; Clock::now() >= next_event; next_event += std::chrono::duration_cast<Clock::duration>(Seconds(per_event_s))) {
      // Someone the panel holds, mostly; a stranger's card now and then.
      std::vector<std::string> pins;
      for (const auto& [pin, row] : db_.tables["user"]) pins.push_back(pin);
      const int door = 1 + static_cast<int>(random_() % db_.doors.size());
      present(pins.empty() || chance(0.1) ? "stranger" : pins[random_() % pins.size()], door);
    }
    relock_due();
    co_await upload(until);
    if (Clock::now() >= next_poll) {
      co_await poll(until);
      if (chance(reboots_per_s * request_delay_s_)) {
        stats_.count_injected("reboot");
        for (auto& e : db_.events) e.uploaded = false;  // a panel replays its log after a start
        if (!co_await boot(until)) co_return;
      }
      next_poll = Clock::now() + std::chrono::seconds(request_delay_s_);
    }
    auto next_relock = Clock::time_point::max();
    for (const auto& d : db_.doors)
      if (d.unlocked && !d.keep_open && d.lock_at != Clock::time_point{}) next_relock = std::min(next_relock, d.lock_at);
    const auto wake_at = std::min(std::min(next_poll, next_event), std::min(next_relock, until));
    if (!stopped_) co_await sim::sleep_until(wake_, wake_at);
  }
}

}  // namespace zkpush::sim
