// Resend until OK, with nothing duplicated and nothing skipped (B7): a
// terminal keeps a batch through a server crash (SIGKILL, restart on the same
// ports and data) and through 503 and non-ack answers, resends the identical
// batch until it is acknowledged, then moves on; the server stores each punch
// once, even the ones it committed just before dying.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "harness.h"
#include "sim/record_lines.h"
#include "sim_fixture.h"

namespace zkpush::test {
namespace {

using sim::Terminal;
// The server's natural key of a punch: (time, pin, status, verify).
using Key = std::tuple<std::string, std::string, int, int>;

Key key_of(const protocol::AttlogRecord& r) { return {r.time, r.pin, r.status, r.verify}; }

TEST(Resend, TerminalKeepsItsBatchesThroughAServerCrash) {
  TempDir dir;
  Server server(dir.path());
  server.get("/iclock/cdata?SN=RSA1&options=all&pushver=2.4.1");
  server.api_send("PUT", "/api/v1/devices/RSA1/settings", {{"Delay", "1"}, {"ErrorDelay", "1"}}, 200);
  auto config = config_for("RSA1");
  // Three batches at boot, then a realtime upload every 100 ms before, during and after the crash. Not 300: the
  // emulator stamps its first live punches with the seconds of its history (terminal.cc resets last_punch_s_ after
  // seeding), and with a history that is a multiple of 6 they would repeat the history's natural keys exactly.
  config.history = 303;
  config.punches_per_minute = 600;
  RunningTerminal run(server.device_port(), config);
  // The history is up and live punches flow.
  ASSERT_TRUE(run.wait_until([](Terminal& t, sim::Stats&) { return t.acknowledged().size() > 303; }));
  std::size_t acknowledged_before_restart = 0;
  server.kill_now();  // the next post (within 100 ms) is refused; the terminal retries every second
  ASSERT_TRUE(run.wait_until([&](Terminal& t, sim::Stats& stats) {
    acknowledged_before_restart = t.acknowledged().size();
    return stats.error_count() > 0;
  }));
  server.restart();
  // Until punches made after the restart are acknowledged too, and nothing waits.
  EXPECT_TRUE(run.stop_when([&](Terminal& t, sim::Stats&) {
    return t.acknowledged().size() > acknowledged_before_restart + 5 && all_uploaded(t);
  }));
  Terminal& terminal = run.stop();

  EXPECT_GT(run.stats().error_count(), 0u) << run.stats().summary(std::chrono::seconds(1));  // the crash was seen
  std::set<Key> punched;
  for (const auto& a : terminal.db().attlogs) {
    punched.insert(key_of(a.record));
    EXPECT_TRUE(a.uploaded) << a.record.pin << " " << a.record.time;
  }
  ASSERT_EQ(punched.size(), terminal.db().attlogs.size()) << "the emulator punched the same natural key twice";
  std::set<Key> acknowledged;
  for (const auto& r : terminal.acknowledged()) acknowledged.insert(key_of(r));
  EXPECT_EQ(acknowledged.size(), terminal.acknowledged().size());  // acknowledged once each
  EXPECT_EQ(acknowledged, punched);

  auto rows = server.api_get("/api/v1/devices/RSA1/attendance?limit=1000")["items"];
  std::set<Key> stored;
  for (const auto& row : rows) stored.emplace(row["time"], row["pin"], row["status"], row["verify"]);
  EXPECT_EQ(stored.size(), rows.size());  // no duplicates
  EXPECT_EQ(stored, acknowledged);        // nothing lost, nothing extra
}

TEST(Resend, BatchCommittedBeforeACrashIsNotStoredAgain) {
  // The server died after committing but before the terminal read "OK": the
  // terminal resends the same batch to the restarted server.
  TempDir dir;
  Server server(dir.path());
  server.get("/iclock/cdata?SN=RSC1&options=all&pushver=2.4.1");
  std::string body;
  for (int i = 0; i < 128; ++i)
    body += std::to_string(1 + i % 5) + "\t2024-03-01 08:" + std::to_string(10 + i / 60) + ":" +
            (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "\t0\t1\t0\t0\t0\n";
  const std::string target = "/iclock/cdata?SN=RSC1&table=ATTLOG&Stamp=128";
  EXPECT_EQ(server.post(target, body).body, "OK: 128");
  server.kill_now();
  server.restart();
  EXPECT_EQ(server.post(target, body).body, "OK: 128");
  EXPECT_EQ(server.api_get("/api/v1/devices/RSC1/attendance?limit=1000")["items"].size(), 128u);
}

// Answers every ATTLOG batch first with 503, then with a 200 that is not an
// acknowledgement, and only the third time with "OK: n"; records what came.
class GrudgingServer : public http::Handler {
 public:
  void handle(const http::Request& request, http::Responder respond) override {
    if (request.query.find("options=all") != std::string::npos) {
      respond(http::Response::text("GET OPTION FROM: RSB1\nDelay=1\nErrorDelay=1\nRealtime=1\n"));
      return;
    }
    if (request.method != "POST" || request.query.find("table=ATTLOG") == std::string::npos) {
      respond(http::Response::text("OK"));
      return;
    }
    std::lock_guard lock(mutex_);
    posts_.emplace_back(request.target, request.body);
    const int attempt = ++attempts_[request.body];
    if (attempt == 1) return respond(http::Response::text("busy", 503));
    if (attempt == 2) return respond(http::Response::text("ERROR"));
    std::size_t lines = 0;
    for (char c : request.body) lines += c == '\n';
    respond(http::Response::text("OK: " + std::to_string(lines)));
  }
  std::vector<std::pair<std::string, std::string>> posts() {
    std::lock_guard lock(mutex_);
    return posts_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> posts_;  // (target, body) in arrival order
  std::map<std::string, int> attempts_;                     // by body
};

TEST(Resend, SameBatchIsResentAfter503AndNonAckUntilOk) {
  GrudgingServer grudging;
  InProcessServer device(grudging);

  auto config = config_for("RSB1");
  config.history = 300;                              // batches of 128 + 128 + 44
  config.max_error_delay = std::chrono::seconds(0);  // resend at once
  RunningTerminal run(device.port(), config);
  EXPECT_TRUE(run.stop_when([](Terminal& t, sim::Stats&) { return t.acknowledged().size() >= 300; }));
  Terminal& terminal = run.stop();
  device.stop();

  // Each batch three times in a row, byte for byte, to the same target; then the next one.
  const auto posts = grudging.posts();
  ASSERT_EQ(posts.size(), 9u);
  std::string acknowledged_lines;
  for (std::size_t i = 0; i < posts.size(); i += 3) {
    EXPECT_EQ(posts[i + 1], posts[i]) << "attempt 2 of batch " << i / 3;
    EXPECT_EQ(posts[i + 2], posts[i]) << "attempt 3 of batch " << i / 3;
    acknowledged_lines += posts[i].second;
  }
  // The three batches together are the terminal's 300 punches, in order, each once.
  std::string expected_lines;
  for (const auto& r : terminal.acknowledged()) expected_lines += sim::attlog_line(r) + "\n";
  ASSERT_EQ(terminal.acknowledged().size(), 300u);
  EXPECT_EQ(acknowledged_lines, expected_lines);
  std::string db_lines;
  for (const auto& a : terminal.db().attlogs) db_lines += sim::attlog_line(a.record) + "\n";
  EXPECT_EQ(acknowledged_lines, db_lines);
  EXPECT_GE(run.stats().error_count(), 6u) << run.stats().summary(std::chrono::seconds(1));  // 3 x 503, 3 x "ERROR"
}

}  // namespace
}  // namespace zkpush::test
