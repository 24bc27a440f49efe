#include "sim/terminal.h"

#include <openssl/evp.h>

#include <algorithm>
#include <ctime>

#include "protocol/query.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "sim/record_lines.h"
#include "sim/sleep.h"
#include "sim/synthetic.h"
#include "sim/upload_packs.h"
#include "util/clock.h"
#include "util/hex.h"

// A coroutine's awaited result is kept in a local before it is tested: GCC 12
// miscompiled `if (co_await boot(until)) {...}` in reboot() (the frame was
// resumed with a bad state and trapped).

namespace zkpush::sim {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kRangeChunk = 1024 * 1024;  // 004 §12.8.2 method 3: 1 MB per Range request

long long system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string md5_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_md5(), nullptr);
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

// A command's URL as a request target on our server.
std::string target_of(const std::string& url) {
  std::string target = url;
  if (auto scheme = target.find("://"); scheme != std::string::npos) {
    auto slash = target.find('/', scheme + 3);
    return slash == std::string::npos ? "/" : target.substr(slash);
  }
  if (!target.empty() && target.front() == '/') return target;
  return "/iclock/" + target;  // "PutFile file/fw/x.tgz": http://server/iclock/file/fw/x.tgz (004 §12.5.2)
}

}  // namespace

Terminal::Terminal(asio::any_io_executor executor, asio::ip::tcp::endpoint server, HttpOptions http,
                   TerminalConfig config, Stats& stats)
    : executor_(executor),
      http_(executor, server, [&] {
        http.http10 = http.http10 || config.profile.http10;
        http.content_type = http.content_type && config.profile.content_type;
        return http;
      }()),
      config_(std::move(config)),
      stats_(stats),
      random_(config_.seed ^ fnv1a(config_.sn)),
      wake_(executor) {
  identity_.sn = config_.sn;
  identity_.push_version = config_.profile.push_version;
  identity_.legacy = config_.profile.legacy;
  charset_ = config_.language == "83" ? Charset::kGb2312 : Charset::kUtf8;
  seed_users();
  // The history: one punch a minute from a fixed date, the same in every run,
  // so a second run (or --replay-history) sends records the server already has.
  constexpr long long kHistoryStart = 1767225600;  // 2026-01-01 00:00:00
  for (int i = 0; i < config_.history; ++i) add_punch(kHistoryStart + 60LL * i, std::nullopt);
}

void Terminal::seed_users() {
  static const char* kNames[] = {"Ana Lima", "Bo Chen", "Carlos Ruiz", "Dana Ode", "Eli Katz"};
  static const char* kChineseNames[] = {"\xE5\xBC\xA0\xE4\xB8\x89", "\xE6\x9D\x8E\xE5\x9B\x9B",
                                        "\xE7\x8E\x8B\xE4\xBA\x94"};  // 张三 李四 王五
  for (int i = 1; i <= config_.users; ++i) {
    protocol::UserRecord user;
    user.pin = std::to_string(i);
    user.name = charset_ == Charset::kGb2312 ? kChineseNames[i % 3] : kNames[i % 5];
    // Built as strings, not assigned literals: GCC 12's false -Wrestrict (bug 105329).
    user.privilege = std::string("0");
    user.password = std::string();
    user.card = std::to_string(1000 + i);
    user.group = std::string("1");
    user.tz = std::string("0000000000000000");
    db_.users[user.pin] = user;
  }
}

bool chance(double share, std::mt19937_64& random) {
  return share > 0 && std::uniform_real_distribution<double>(0, 1)(random) < share;
}

bool Terminal::chance(double share) { return sim::chance(share, random_); }

std::string Terminal::local_time() const { return format_record_time(system_seconds() + clock_offset_s_); }

std::string Terminal::to_device(const std::string& utf8) const { return from_utf8(utf8, charset_); }

protocol::AttlogRecord Terminal::punch(std::optional<std::string> pin) {
  // Every punch of a terminal gets its own second, so its natural key is unique.
  long long now = system_seconds() + clock_offset_s_;
  if (now <= last_punch_s_) now = last_punch_s_ + 1;
  last_punch_s_ = now;
  return add_punch(now, std::move(pin));
}

protocol::AttlogRecord Terminal::add_punch(long long when, std::optional<std::string> pin) {
  ++punch_counter_;
  protocol::AttlogRecord r;
  r.pin = pin ? *pin : std::to_string(1 + punch_counter_ % static_cast<uint64_t>(std::max(1, config_.users)));
  r.time = format_record_time(when);
  r.status = static_cast<int>(punch_counter_ % 2);
  r.verify = punch_counter_ % 3 == 0 ? 15 : 1;
  r.workcode = "0";
  r.reserved1 = "0";
  r.reserved2 = "0";
  if (config_.profile.attlog_fields >= 11) r.extra = {"0", "0", "0", std::to_string(punch_counter_)};
  db_.attlogs.push_back({r, false});
  if (chance(config_.photo_share)) db_.attendance_photos.push_back({attendance_photo(r, config_.sn), false});
  return r;
}

void Terminal::enrol(const protocol::UserRecord& user) {
  for (auto& line : enrol_at_terminal(db_, config_.sn, user, local_time(), config_.profile.biodata))
    pending_lines_.push_back(std::move(line));
}

void Terminal::mark_all_for_upload() {
  for (auto& a : db_.attlogs) a.uploaded = false;
  for (auto& o : db_.oplogs) o.uploaded = false;
  for (auto& p : db_.attendance_photos) p.uploaded = false;
}

std::string Terminal::cdata_target(const std::string& table, const std::string& stamp_key,
                                   const std::string& stamp) const {
  std::string target = "/iclock/cdata?SN=" + config_.sn;
  // Legacy firmware routes by the stamp name alone (000: Stamp=, OpStamp=).
  if (!config_.profile.legacy) target += "&table=" + table;
  return target + "&" + stamp_key + "=" + stamp;
}

void Terminal::stop() {
  stopped_ = true;
  wake_.cancel();
}

asio::awaitable<void> Terminal::sleep_until(Clock::time_point when) { co_await sim::sleep_until(executor_, when); }

asio::awaitable<void> Terminal::error_pause(Clock::time_point until) {
  auto wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(options_.error_delay_s), config_.max_error_delay);
  co_await sleep_until(std::min(until, Clock::now() + wait));
}

Fault draw_fault(const FaultOptions& faults, std::string_view method, std::mt19937_64& random, Stats& stats) {
  if (method == "POST" && chance(faults.drop_mid_body, random)) return Fault::kDropMidBody;
  if (!chance(faults.stall, random)) return Fault::kNone;
  stats.count_injected("stall");
  return Fault::kStall;
}

asio::awaitable<HttpResult> Terminal::send(const char* endpoint, std::string_view method, const std::string& target,
                                           std::string body) {
  const Fault fault = draw_fault(config_.faults, method, random_, stats_);
  HttpResult r = co_await http_.request(method, target, std::move(body), {}, fault);
  stats_.record(endpoint, r);
  co_return r;
}

asio::awaitable<bool> Terminal::handshake(Clock::time_point until) {
  std::string target = "/iclock/cdata?SN=" + config_.sn + "&options=all";
  if (!config_.profile.push_version.empty())
    target += "&pushver=" + config_.profile.push_version + "&language=" + config_.language + "&DeviceType=att";
  while (Clock::now() < until) {
    HttpResult r = co_await send("handshake", "GET", target, {});
    if (r.status == 200) {
      options_ = parse_handshake_reply(config_.sn, r.body);
      if (options_.registered) {
        // The clock follows the server: Date (GMT) plus the TimeZone it sent,
        // off by the injected skew.
        if (long long server_now = parse_http_date(r.date); server_now > 0)
          clock_offset_s_ = server_now - system_seconds() + options_.time_zone_minutes * 60LL +
                            config_.faults.clock_skew_s;
        // Resume from the stamps: 0 asks for everything again (004 §5).
        if (config_.replay_history || options_.stamp("ATTLOG") == "0")
          for (auto& a : db_.attlogs) a.uploaded = false;
        co_return true;
      }
    }
    co_await error_pause(until);
  }
  co_return false;
}

asio::awaitable<bool> Terminal::boot(Clock::time_point until) {
  log_operation(db_, op::kStartup, local_time());
  const bool answered = co_await handshake(until);
  if (!answered) co_return false;
  ++stats_.terminals_booted;
  // Push the device's configuration once after boot (004 §8).
  const std::string target = "/iclock/cdata?SN=" + config_.sn + "&table=options";
  std::string body = "~DeviceName=zkpush-sim,FWVersion=" + identity_.firmware +
                     ",PushVersion=" + config_.profile.push_version + ",FingerFunOn=1,FaceFunOn=1";
  // BIODATA firmware says which types and algorithm versions it takes (004
  // §3.1): fingerprint (1) and visible-light face (9), as its enrolments make.
  // Older firmware names its fingerprint algorithm (ZKFinger 10.0).
  if (config_.profile.biodata)
    body += ",MultiBioDataSupport=0:1:0:0:0:0:0:0:0:1,MultiBioPhotoSupport=0:0:0:0:0:0:0:0:0:1,"
            "MultiBioVersion=0:10:0:0:0:0:0:0:0:40";
  else
    body += ",~ZKFPVersion=10";
  co_return co_await post_until_acked("options", target, std::move(body), until);
}

asio::awaitable<void> Terminal::reboot(Clock::time_point until) {
  const bool booted = co_await boot(until);
  if (!booted) co_return;
  if (config_.replay_history) mark_all_for_upload();
  co_await upload(until);
}

asio::awaitable<bool> Terminal::post_until_acked(const char* endpoint, const std::string& target, std::string body,
                                                 Clock::time_point until) {
  // Firmware keeps a batch until it gets a 200 whose body it accepts (B7).
  while (Clock::now() < until) {
    HttpResult r = co_await send(endpoint, "POST", target, body);
    if (r.status == 200 && is_upload_ack(r.body)) {
      if (chance(config_.faults.duplicate)) {  // the same batch once more, as after a lost acknowledgement
        stats_.count_injected("duplicate post");
        co_await send(endpoint, "POST", target, std::move(body));
      }
      co_return true;
    }
    if (r.status == 200) stats_.count_error("unexpected reply: " + r.body.substr(0, 20));
    co_await error_pause(until);
  }
  co_return false;
}

asio::awaitable<void> Terminal::upload(Clock::time_point until) {
  co_await upload_attlogs(until);
  co_await upload_lines("OPERLOG", until);
  if (!config_.profile.legacy) co_await upload_lines("BIODATA", until);
  co_await upload_photos(until);
}

asio::awaitable<void> Terminal::upload_attlogs(Clock::time_point until) {
  if (!options_.allows("AttLog")) co_return;
  std::vector<std::size_t> batch;
  for (std::size_t i = 0; i < db_.attlogs.size() && Clock::now() < until; ++i) {
    if (db_.attlogs[i].uploaded) continue;
    batch.push_back(i);
    const bool last = i + 1 == db_.attlogs.size();
    if (batch.size() < kMaxLinesPerPost && !last) continue;
    std::string body;
    for (std::size_t k : batch) body += attlog_line(db_.attlogs[k].record) + "\n";
    if (chance(config_.faults.garbage)) {  // a line no codec can read, among good ones
      stats_.count_injected("garbage line");
      body.insert(body.find('\n') + 1, "\x01garbage from zkpush sim\n");
    }
    stats_.records_sent += batch.size();
    const std::string stamp = std::to_string(i + 1);
    const bool acked =
        co_await post_until_acked("attlog", cdata_target("ATTLOG", "Stamp", stamp), std::move(body), until);
    if (acked) {
      stats_.records_acked += batch.size();
      for (std::size_t k : batch) {
        db_.attlogs[k].uploaded = true;
        acknowledged_.push_back(db_.attlogs[k].record);
      }
    }
    batch.clear();
  }
}

asio::awaitable<void> Terminal::upload_lines(const std::string& table, Clock::time_point until) {
  // Enrolments (and, on OPERLOG, the operation log), in batches of at most
  // 128 lines; a line whose TransFlag is off stays until a handshake allows it.
  const bool oplog = table == "OPERLOG" && options_.allows("OpLog");
  while (Clock::now() < until) {
    std::vector<std::size_t> lines, rows;
    for (std::size_t i = 0; i < pending_lines_.size() && lines.size() < kMaxLinesPerPost; ++i)
      if (pending_lines_[i].table == table && options_.allows(pending_lines_[i].flag)) lines.push_back(i);
    for (std::size_t i = 0; oplog && i < db_.oplogs.size() && lines.size() + rows.size() < kMaxLinesPerPost; ++i)
      if (!db_.oplogs[i].uploaded) rows.push_back(i);
    if (lines.empty() && rows.empty()) co_return;
    std::string body;
    for (std::size_t i : lines) body += to_device(pending_lines_[i].line) + "\n";
    for (std::size_t i : rows) body += oplog_line(db_.oplogs[i].record) + "\n";
    const std::string target = table == "OPERLOG" ? cdata_target(table, "OpStamp", std::to_string(++upload_counter_))
                                                  : cdata_target(table, "Stamp", std::to_string(++upload_counter_));
    const bool acked =
        co_await post_until_acked(table == "OPERLOG" ? "operlog" : "biodata", target, std::move(body), until);
    if (!acked) co_return;
    for (std::size_t i : rows) db_.oplogs[i].uploaded = true;
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
      pending_lines_.erase(pending_lines_.begin() + static_cast<std::ptrdiff_t>(*it));
  }
}

asio::awaitable<void> Terminal::upload_photos(Clock::time_point until) {
  if (!options_.allows("AttPhoto")) co_return;
  // One photo per request (004 §11.3); 000 names the file in the URL and
  // routes by PhotoStamp (legacy_catalog E5).
  for (auto& stored : db_.attendance_photos) {
    if (stored.uploaded) continue;
    const std::string stamp = std::to_string(++upload_counter_);
    std::string target = "/iclock/fdata?SN=" + config_.sn;
    target += config_.profile.legacy ? "&PIN=" + stored.photo.filename + "&PhotoStamp=" + stamp
                                     : "&table=ATTPHOTO&Stamp=" + stamp;
    const bool acked = co_await post_until_acked("attphoto", target, attphoto_body(stored.photo, config_.sn), until);
    if (!acked) co_return;
    stored.uploaded = true;
    ++stats_.photos_acked;
  }
}

asio::awaitable<int> Terminal::poll(Clock::time_point until) {
  std::string target = "/iclock/getrequest?SN=" + config_.sn;
  if (polls_++ % 10 == 0) {  // INFO rides on every tenth poll (004 §9)
    target += "&INFO=Ver%208.0.4.3-20220708," + std::to_string(db_.users.size()) +
              "," + std::to_string(db_.templates.size()) + "," + std::to_string(db_.attlogs.size()) +
              ",127.0.0.1,10,7,15,0,111";
  }
  HttpResult r = co_await send("getrequest", "GET", target, {});
  if (r.status != 200) co_return 0;
  auto commands = parse_command_lines(r.body);
  received_.insert(received_.end(), commands.begin(), commands.end());
  if (!commands.empty()) co_await execute(commands, until);
  co_return static_cast<int>(commands.size());
}

asio::awaitable<long long> Terminal::download(const Download& d, bool upgrade) {
  // UPGRADE methods 1-2 fetch through the server's file endpoint; method 3
  // (ranged) and PutFile fetch the URL itself (004 §12.5.2, §12.8.2).
  std::string target = upgrade && !d.ranged ? "/iclock/file?SN=" + config_.sn + "&url=" + d.url : target_of(d.url);
  std::string bytes;
  if (d.ranged) {
    for (;;) {
      const std::string range = "Range: bytes=" + std::to_string(bytes.size()) + "-" +
                                std::to_string(bytes.size() + kRangeChunk - 1);
      HttpResult r = co_await http_.request("GET", target, {}, range);
      stats_.record("file", r);
      if (r.status != 206 && r.status != 200) co_return -1008;
      bytes += r.body;
      if (r.status == 200 || r.body.size() < kRangeChunk) break;
    }
  } else {
    HttpResult r = co_await send("file", "GET", target, {});
    if (r.status != 200) co_return -1008;
    bytes = std::move(r.body);
  }
  if (d.base64) {  // UPGRADE method 1: the server sends the file base64-encoded
    auto decoded = protocol::decode_base64(bytes);
    if (!decoded) co_return -2;
    bytes = std::move(*decoded);
  }
  if (d.expected_size && bytes.size() != *d.expected_size) co_return -2;
  if (!d.expected_md5.empty() && !protocol::iequals(md5_hex(bytes), d.expected_md5)) co_return -2;
  db_.files[d.save_as.empty() ? target : d.save_as] = bytes;
  if (!d.action.empty()) co_return load_data_file(db_, identity_, d, bytes, local_time());
  co_return static_cast<long long>(bytes.size());
}

asio::awaitable<void> Terminal::execute(const std::vector<ServerCommand>& commands, Clock::time_point until) {
  std::string replies;            // "&"/LF records, batched in one post (R34)
  std::vector<std::string> content_replies;  // Content= runs to the end of a post: each goes alone
  bool reboot = false, reload = false, reupload = false, upload_now = false;
  for (const auto& command : commands) {
    CommandOutcome outcome =
        execute_command(db_, identity_, command.id, to_utf8(command.text, charset_), local_time());
    ++stats_.commands_executed;
    // Query answers and enrolments go up before the reply (AMB-42).
    for (const Upload& u : outcome.uploads) {
      std::string target = u.path + "?SN=" + config_.sn;
      for (const auto& [key, value] : u.query) target += "&" + key + "=" + value;
      co_await post_until_acked("query", target, to_device(u.body), until);
    }
    std::string reply = outcome.reply;
    if (outcome.download) {
      const bool upgrade = protocol::istarts_with(command.text, "UPGRADE");
      const long long result = co_await download(*outcome.download, upgrade);
      reply = download_reply(command.id, upgrade ? "UPGRADE" : "PutFile", result);
    }
    // Only the text before Content= is in the device's charset; the content is bytes.
    if (auto content = reply.find("Content="); content != std::string::npos) {
      content_replies.push_back(to_device(reply.substr(0, content)) + reply.substr(content));
    } else {
      replies += to_device(reply) + "\n";
    }
    reboot = reboot || outcome.reboot;
    reload = reload || outcome.reload_options;
    reupload = reupload || outcome.reupload_all;
    upload_now = upload_now || outcome.upload_new;
  }
  // Replies are kept and resent until the server acknowledges them, like
  // uploads: a reply lost to a server restart would leave its command open.
  const std::string devicecmd = "/iclock/devicecmd?SN=" + config_.sn;
  if (!replies.empty()) co_await post_until_acked("devicecmd", devicecmd, std::move(replies), until);
  for (auto& reply : content_replies) co_await post_until_acked("devicecmd", devicecmd, std::move(reply), until);
  if (reupload) mark_all_for_upload();
  if (reboot) {
    co_await this->reboot(until);
  } else {
    if (reload) co_await handshake(until);
    if (reupload || upload_now) co_await upload(until);
  }
}

asio::awaitable<void> Terminal::run(Clock::time_point until) {
  co_await sleep_until(std::min(until, Clock::now() + config_.start_delay));
  const bool booted = co_await boot(until);
  if (!booted) co_return;
  co_await upload(until);
  if (config_.exit_after_upload) {
    stats_.upload_finished(Clock::now());
    co_return;
  }

  using Seconds = std::chrono::duration<double>;
  auto after = [](double seconds) {
    return seconds > 0 ? Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(seconds))
                       : Clock::time_point::max();
  };
  // Activity arrives as Poisson processes; punches at a steady rate, as a queue at the door.
  auto exponential = [this](double per_hour) {
    return per_hour > 0 ? std::exponential_distribution<double>(per_hour / 3600)(random_) : 0.0;
  };
  const double per_punch_s = config_.punches_per_minute > 0 ? 60.0 / config_.punches_per_minute : 0;
  auto next_punch = after(per_punch_s);
  auto next_enrolment = after(exponential(config_.enrolments_per_hour));
  auto next_reboot = after(exponential(config_.faults.reboots_per_hour));
  auto next_poll = Clock::now();
  auto next_interval_upload = Clock::now() + std::chrono::minutes(std::max(1, options_.trans_interval_min));
  // Besides, every day at each TransTimes entry (terminal time).
  auto next_daily_upload = [this, &after] {
    return after(static_cast<double>(seconds_to_next_trans_time(options_, system_seconds() + clock_offset_s_)));
  };
  auto next_trans_time = next_daily_upload();
  int next_pin = config_.users;
  while (!stopped_ && Clock::now() < until) {
    bool changed = false;
    for (; Clock::now() >= next_punch; changed = true) {
      punch();
      next_punch += std::chrono::duration_cast<Clock::duration>(Seconds(per_punch_s));
    }
    if (Clock::now() >= next_enrolment) {
      protocol::UserRecord user;
      user.pin = std::to_string(++next_pin);
      user.name = "Person " + user.pin;
      user.card = std::to_string(500000 + next_pin);
      enrol(user);
      changed = true;
      next_enrolment = after(exponential(config_.enrolments_per_hour));
    }
    if (Clock::now() >= next_reboot) {
      stats_.count_injected("reboot");
      co_await reboot(until);
      next_reboot = after(exponential(config_.faults.reboots_per_hour));
    }
    // Realtime firmware uploads at once; otherwise every TransInterval
    // minutes; and each firmware at its TransTimes.
    if ((changed && options_.realtime) || Clock::now() >= next_interval_upload || Clock::now() >= next_trans_time) {
      co_await upload(until);
      next_interval_upload = Clock::now() + std::chrono::minutes(std::max(1, options_.trans_interval_min));
      next_trans_time = next_daily_upload();
    }
    if (Clock::now() >= next_poll) {
      co_await poll(until);
      next_poll = Clock::now() + std::chrono::seconds(options_.delay_s);
    }
    // Not std::min({...}): GCC 12 cannot keep an initializer_list in a
    // coroutine frame ("array used as initializer").
    const auto wake = std::min(std::min(std::min(next_poll, next_punch), std::min(next_enrolment, next_reboot)), until);
    if (!stopped_) co_await sim::sleep_until(wake_, wake);
  }
}

}  // namespace zkpush::sim
