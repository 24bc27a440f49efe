// The emulator against the real server: boot, punches, commands executed
// against the terminal's own database with their replies stored on the
// server, history replay stored once, GB2312 names, and --verify biting on a
// server that loses records.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "harness.h"
#include "sim_fixture.h"
#include "sim/fleet.h"
#include "sim/terminal.h"
#include "sim/verify.h"

namespace zkpush::test {
namespace {

using nlohmann::json;
using sim::Terminal;

TEST(Sim, PunchesAreUploadedAndStoredOnce) {
  TempDir dir;
  Server server(dir.path());
  auto config = config_for("SIMP1");
  config.history = 300;  // three batches: 128 + 128 + 44
  RunningTerminal run(server.device_port(), config);
  EXPECT_TRUE(run.stop_when([](Terminal& t, sim::Stats&) { return t.acknowledged().size() >= 300; }));
  Terminal& terminal = run.stop();
  ASSERT_EQ(terminal.acknowledged().size(), 300u);
  auto rows = server.api_get("/api/v1/devices/SIMP1/attendance?limit=1000")["items"];
  ASSERT_EQ(rows.size(), 300u);
  EXPECT_EQ(rows[0]["pin"], terminal.acknowledged()[0].pin);
  EXPECT_EQ(rows[0]["time"], terminal.acknowledged()[0].time);
  EXPECT_EQ(rows[0]["extra"].size(), 4u);  // the 2.4.1 profile sends 11 fields, as an MB10-VL does
  EXPECT_EQ(run.stats().records_acked, 300u);
}

TEST(Sim, CommandsChangeTheTerminalAndRepliesAreStored) {
  TempDir dir;
  Server server(dir.path());
  fast_polling(server, "SIMC1");
  RunningTerminal run(server.device_port(), config_for("SIMC1"));
  const std::string add = queue(server, "SIMC1", "DATA UPDATE USERINFO PIN=99\tName=Zed\tPri=0\tCard=555");
  const std::string del = queue(server, "SIMC1", "DATA DELETE USERINFO PIN=1");
  const std::string opt = queue(server, "SIMC1", "SET OPTION Delay=1");
  const std::string info = queue(server, "SIMC1", "INFO");
  const std::string query = queue(server, "SIMC1", "DATA QUERY USERINFO");
  const std::string unknown = queue(server, "SIMC1", "USER ADD PIN=5");
  for (const auto& id : {add, del, opt, info, query}) EXPECT_EQ(wait_final(server, id)["status"], "done") << id;
  auto failed = wait_final(server, unknown);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["return_code"], -1002);
  EXPECT_EQ(server.api_get("/api/v1/devices/SIMC1")["info"]["~SerialNumber"], "SIMC1");  // INFO reply
  // DATA QUERY USERINFO uploaded the terminal's users, the new one included.
  auto users = server.api_get("/api/v1/devices/SIMC1/users")["items"];
  bool zed = false;
  for (const auto& u : users) zed = zed || (u["pin"] == "99" && u["name"] == "Zed" && u["card"] == "555");
  EXPECT_TRUE(zed) << users.dump();
  Terminal& terminal = run.stop();  // each command ran before its reply
  EXPECT_TRUE(terminal.db().users.count("99"));
  EXPECT_FALSE(terminal.db().users.count("1"));
  EXPECT_EQ(terminal.db().options.at("Delay"), "1");
}

TEST(Sim, RebootWithHistoryReplayStoresEachPunchOnce) {  // B2
  TempDir dir;
  Server server(dir.path());
  fast_polling(server, "SIMR1");
  auto config = config_for("SIMR1");
  config.history = 200;
  config.replay_history = true;
  RunningTerminal run(server.device_port(), config);
  const std::string reboot = queue(server, "SIMR1", "REBOOT");
  EXPECT_EQ(wait_final(server, reboot)["status"], "done");
  EXPECT_TRUE(run.stop_when([](Terminal& t, sim::Stats&) { return t.acknowledged().size() >= 400; }));
  Terminal& terminal = run.stop();
  EXPECT_EQ(terminal.acknowledged().size(), 400u);  // everything sent twice...
  EXPECT_EQ(server.api_get("/api/v1/devices/SIMR1/attendance?limit=1000")["items"].size(), 200u);  // ...stored once
}

TEST(Sim, LegacyAndGb2312TerminalsRoundTripNames) {
  TempDir dir;
  Server server(dir.path());
  fast_polling(server, "SIMCN", "2.4.1");
  server.api_send("PUT", "/api/v1/devices/SIMCN/settings", {{"Delay", "1"}}, 200);
  auto chinese = config_for("SIMCN");
  chinese.language = "83";
  server.get("/iclock/cdata?SN=SIMCN&options=all&pushver=2.4.1&language=83");
  fast_polling(server, "SIMLG", "");
  auto legacy = config_for("SIMLG", "legacy");
  legacy.history = 5;
  RunningTerminal cn(server.device_port(), chinese);
  RunningTerminal lg(server.device_port(), legacy);
  const std::string name = "\xE8\xB5\xB5\xE5\x85\xAD";  // 赵六
  EXPECT_EQ(wait_final(server, queue(server, "SIMCN", "DATA UPDATE USERINFO PIN=7\tName=" + name))["status"], "done");
  EXPECT_EQ(wait_final(server, queue(server, "SIMCN", "DATA QUERY USERINFO PIN=7"))["status"], "done");
  EXPECT_EQ(wait_final(server, queue(server, "SIMLG", "INFO"))["status"], "done");
  Terminal& cn_terminal = cn.stop();
  EXPECT_EQ(*cn_terminal.db().users.at("7").name, name);  // arrived in GB2312, kept as UTF-8
  auto users = server.api_get("/api/v1/devices/SIMCN/users")["items"];
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["name"], name);  // went back in GB2312, stored as UTF-8
  EXPECT_TRUE(lg.stop_when([](Terminal& t, sim::Stats&) { return t.acknowledged().size() >= 5; }));
  EXPECT_EQ(server.api_get("/api/v1/devices/SIMLG")["push_version"], "");
  EXPECT_EQ(server.api_get("/api/v1/devices/SIMLG/attendance")["items"].size(), 5u);  // Stamp= routing, bare OK
}

// Every fault the emulator injects at once, with reboots replaying the whole
// history: what the terminal saw acknowledged is stored, and stored once.
TEST(Sim, InjectedFaultsLoseNothingAndStoreNothingTwice) {
  TempDir dir;
  Server server(dir.path());
  fast_polling(server, "SIMF1");
  auto config = config_for("SIMF1");
  config.history = 300;
  config.punches_per_minute = 600;
  config.photo_share = 0.1;
  config.enrolments_per_hour = 3600;
  config.max_error_delay = std::chrono::milliseconds(20);
  config.replay_history = true;
  config.seed = 7;
  config.faults.drop_mid_body = 0.2;
  config.faults.duplicate = 0.3;
  config.faults.garbage = 0.5;
  config.faults.stall = 0.01;
  config.faults.reboots_per_hour = 1800;
  RunningTerminal run(server.device_port(), config);
  // Until people enrolled at the terminal are on the server and a garbage
  // line was rejected; then until every fault has happened at least once (a
  // reboot replays the history), live punches and photos came after the
  // history, and no punch waits.
  EXPECT_TRUE(eventually([&] {
    return !server.api_get("/api/v1/devices/SIMF1/users")["items"].empty() &&
           !server.api_get("/api/v1/devices/SIMF1/rejected")["items"].empty();
  }));
  EXPECT_TRUE(run.stop_when([](Terminal& t, sim::Stats& stats) {
    const auto& photos = t.db().attendance_photos;
    return stats.injected("duplicate post") > 0 && stats.injected("garbage line") > 0 && stats.error_count() > 0 &&
           stats.injected("reboot") > 0 && t.db().attlogs.size() >= 320 &&
           std::any_of(photos.begin(), photos.end(), [](const auto& p) { return p.uploaded; }) && all_uploaded(t);
  }));
  Terminal& terminal = run.stop();
  SCOPED_TRACE(run.stats().summary(std::chrono::seconds(1)));
  EXPECT_GT(run.stats().injected("duplicate post"), 0u);
  EXPECT_GT(run.stats().injected("garbage line"), 0u);
  EXPECT_GT(run.stats().error_count(), 0u);  // the dropped posts

  std::set<std::pair<std::string, std::string>> acked, stored;
  for (const auto& a : terminal.acknowledged()) acked.insert({a.pin, a.time});
  auto rows = server.api_get("/api/v1/devices/SIMF1/attendance?limit=1000")["items"];
  for (const auto& r : rows) stored.insert({r["pin"].get<std::string>(), r["time"].get<std::string>()});
  EXPECT_GE(acked.size(), 320u);  // the history and the punches of the run
  EXPECT_EQ(rows.size(), stored.size()) << "a punch stored twice";
  EXPECT_EQ(stored, acked);

  // Photos: each stored once (duplicates and replays included), and only ones the terminal took.
  std::set<std::string> taken, stored_photos;
  std::size_t uploaded_photos = 0;
  for (const auto& p : terminal.db().attendance_photos) {
    taken.insert(p.photo.filename);
    uploaded_photos += p.uploaded;  // since the last replay
  }
  auto photos = server.api_get("/api/v1/devices/SIMF1/photos?limit=1000")["items"];
  for (const auto& p : photos) stored_photos.insert(p["filename"].get<std::string>());
  EXPECT_GT(uploaded_photos, 0u);
  EXPECT_EQ(photos.size(), stored_photos.size()) << "a photo stored twice";
  EXPECT_GE(stored_photos.size(), uploaded_photos);
  EXPECT_TRUE(std::includes(taken.begin(), taken.end(), stored_photos.begin(), stored_photos.end()));
  auto users = server.api_get("/api/v1/devices/SIMF1/users")["items"];
  EXPECT_GT(users.size(), 0u);  // enrolled at the terminal
  for (const auto& u : users) EXPECT_EQ(*terminal.db().users.at(u["pin"].get<std::string>()).name, u["name"]);
  EXPECT_GT(server.api_get("/api/v1/devices/SIMF1/rejected")["items"].size(), 0u);  // the garbage lines
}

// A server that acknowledges every upload but stores nothing: --verify must fail.
class ForgetfulServer : public http::Handler {
 public:
  void handle(const http::Request& request, http::Responder respond) override {
    if (request.path.rfind("/api/", 0) == 0) {
      http::Response r = http::Response::text(R"({"items":[],"next_after":null})");
      r.content_type = "application/json";
      respond(std::move(r));
    } else if (request.query.find("options=all") != std::string::npos) {
      auto sn = request.query.substr(3, request.query.find('&') - 3);
      respond(http::Response::text("GET OPTION FROM: " + sn + "\nDelay=1\nErrorDelay=1\n"));
    } else {
      respond(http::Response::text(request.method == "POST" ? "OK: 1" : "OK"));
    }
  }
};

TEST(Sim, VerifyFailsWhenTheServerLosesRecords) {
  ForgetfulServer forgetful;
  InProcessServer device(forgetful);

  sim::FleetOptions options;
  const std::string url = device.url();
  options.server_url = url;
  options.api_url = url;
  options.devices = 2;
  options.duration = std::chrono::seconds(60);  // a bound: the run ends when stop_when holds
  options.stop_when = [](const sim::Stats& stats) { return stats.records_acked >= 20; };  // both histories
  options.terminal = config_for("unused");
  options.terminal.history = 10;
  options.verify = true;
  options.progress = false;
  EXPECT_EQ(sim::run_fleet(options), 1);  // acknowledged punches are missing
}

TEST(Sim, VerifyPassesAgainstTheRealServer) {
  TempDir dir;
  Server server(dir.path());
  sim::FleetOptions options;
  options.server_url = "http://127.0.0.1:" + std::to_string(server.device_port());
  options.api_url = "http://127.0.0.1:" + std::to_string(server.api_port());
  options.api_token = server.admin_token();
  options.devices = 20;
  options.duration = std::chrono::seconds(60);  // a bound: the run ends when stop_when holds
  // The histories and some live punches of every terminal.
  options.stop_when = [](const sim::Stats& stats) { return stats.records_acked >= 20 * 50 + 40; };
  options.terminal = config_for("unused");
  options.terminal.punches_per_minute = 120;
  options.terminal.history = 50;
  options.verify = true;
  options.progress = false;
  EXPECT_EQ(sim::run_fleet(options), 0);
  EXPECT_EQ(server.api_get("/api/v1/devices")["items"].size(), 20u);
}

}  // namespace
}  // namespace zkpush::test
