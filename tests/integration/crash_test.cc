// Crash safety, proven (issue 5). Emulated terminals upload their history and
// live punches as fast as they are acknowledged, and execute commands queued
// through the API meanwhile, while a killer SIGKILLs the server at random
// moments and starts it again on the same ports and data. Then the terminals'
// resends converge, and the test checks through the API that:
// - every punch a terminal saw acknowledged is stored exactly once; before the
//   resends converge, what is stored is a duplicate-free part of what was
//   punched (a punch never acknowledged is stored once or not at all);
// - once they converge, what is stored is exactly what was punched;
// - no command ID is ever delivered as two different commands (every delivery
//   carries the text that was queued under that ID), every command ends done,
//   and a reply that arrives after a restart completes its command.
// In both durability modes. The kill moments come from a seed printed at the
// start; ZKPUSH_CRASH_SEED=N repeats a run.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "crash_fixture.h"
#include "harness.h"
#include "sim_fixture.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

using nlohmann::json;
using sim::Terminal;
using namespace crash;

constexpr int kTerminals = 30;
constexpr int kKills = 6;  // at least, while terminals punch and commands are queued
// More kills while none has yet cut off a terminal's request (a kill between
// two requests hits no traffic); the bound of a failing run.
constexpr int kMaxKills = 20;
// Between two kills the terminals send the restarted server this many
// requests (about a third of a second of their traffic): it is busy when it
// dies. Not acknowledged records: a boot's history batch brings hundreds at once.
constexpr uint64_t kRequestsBetweenKills = 100;

class CrashSafety : public ::testing::TestWithParam<const char*> {};

TEST_P(CrashSafety, AcknowledgedRecordsAndCommandsSurviveRandomKills) {
  const uint64_t seed = crash_seed();
  std::printf("crash test (--durability %s): seed %llu (ZKPUSH_CRASH_SEED=%llu repeats it)\n", GetParam(),
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  TempDir dir;
  // A sent command without a reply goes out again after a second, as often as it takes.
  Server server(dir.path(), {"--durability", GetParam(), "--command-timeout", "1", "--command-retries", "100"});
  int kills = 0;

  // A reply that arrives after a restart completes its command.
  server.get("/iclock/cdata?SN=CRASHMAN&options=all&pushver=2.4.1");
  const std::string manual = queue(server, "CRASHMAN", "INFO");
  ASSERT_EQ(server.get("/iclock/getrequest?SN=CRASHMAN").body, "C:" + manual + ":INFO\n");
  server.restart();
  ++kills;
  EXPECT_EQ(server.post("/iclock/devicecmd?SN=CRASHMAN", "ID=" + manual + "&Return=0&CMD=INFO\n").body, "OK");
  EXPECT_EQ(server.api_get("/api/v1/commands/" + manual)["status"], "done");

  std::vector<std::string> sns;
  std::vector<sim::TerminalConfig> configs;
  for (int i = 1; i <= kTerminals; ++i) {
    sns.push_back("CRASH" + std::to_string(100 + i));
    fast_polling(server, sns.back());
    auto config = config_for(sns.back());
    config.history = 303;              // three batches at boot (not a multiple of 6: see resend_test.cc)
    config.punches_per_minute = 600;   // then a realtime upload every 100 ms
    config.replay_history = true;      // and, after each power cycle, everything again (B2),
    config.faults.reboots_per_hour = 1200;  // every 3 s on average: the server is always busy when it dies
    config.seed = seed + static_cast<uint64_t>(i);
    configs.push_back(std::move(config));
  }

  RunningFleet fleet(server.device_port(), configs);
  std::atomic<bool> killing{true};
  CommandFeeder feeder(server.api_port(), server.admin_token(), sns, seed ^ 0x5eed);
  std::thread feeding([&] { feeder.run_while(killing); });
  std::mt19937_64 random(seed);
  bool traffic_cut = false;  // a terminal saw a request fail with a kill
  for (int round = 0; round < kMaxKills; ++round) {
    // Each kill comes once the restarted server is busy again: terminal
    // requests and a command queued since the last one.
    uint64_t requests_before = 0;
    fleet.wait_until([&](RunningFleet::Terminals&, sim::Stats& stats) {
      requests_before = stats.requests();
      traffic_cut = stats.error_count() > 0;
      return true;
    });
    if (round >= kKills && traffic_cut) break;
    const std::size_t queued_before = feeder.queued().size();
    ASSERT_TRUE(fleet.wait_until([&](RunningFleet::Terminals&, sim::Stats& stats) {
      return stats.requests() >= requests_before + kRequestsBetweenKills;
    }));
    ASSERT_TRUE(eventually([&] { return feeder.queued().size() > queued_before; }));
    // Where in the traffic the kill falls, drawn from the seed; nothing is
    // judged by how much happens meanwhile.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 400)(random)));
    server.restart();  // SIGKILL, then the same ports and data
    ++kills;
  }
  killing = false;
  feeding.join();
  auto& terminals = fleet.stop();

  // Before the resends converge: acknowledged punches stored once, nothing
  // stored twice, nothing stored that was not punched.
  std::size_t acknowledged = 0, duplicates = 0, unacknowledged_at_stop = 0;
  const uint64_t requests = fleet.stats().requests();
  const uint64_t failed_requests = fleet.stats().error_count();  // refused or cut off by the kills
  for (const auto& terminal : terminals) {
    for (const auto& a : terminal->db().attlogs) unacknowledged_at_stop += !a.uploaded;
    std::set<Key> punched;
    for (const auto& a : terminal->db().attlogs) punched.insert(key_of(a.record));
    ASSERT_EQ(punched.size(), terminal->db().attlogs.size()) << "the emulator punched one natural key twice";
    const auto stored = stored_punches(server, terminal->sn());
    for (const auto& [key, count] : stored) {
      duplicates += count > 1;
      EXPECT_TRUE(punched.count(key)) << terminal->sn() << ": stored a punch it never made: " << std::get<0>(key);
    }
    for (const auto& r : terminal->acknowledged())
      EXPECT_EQ(stored.count(key_of(r)), 1u) << terminal->sn() << ": acknowledged punch " << r.time << " is lost";
  }

  fleet.then_each(converge);

  // Converged: exactly what was punched, each once.
  std::size_t stored_total = 0;
  for (const auto& terminal : terminals) {
    std::set<Key> punched;
    for (const auto& a : terminal->db().attlogs) {
      punched.insert(key_of(a.record));
      EXPECT_TRUE(a.uploaded) << terminal->sn() << ": punch " << a.record.time << " never acknowledged";
    }
    const auto stored = stored_punches(server, terminal->sn());
    std::set<Key> stored_keys;
    for (const auto& [key, count] : stored) {
      duplicates += count > 1;
      stored_keys.insert(key);
    }
    EXPECT_EQ(stored_keys, punched) << terminal->sn();
    acknowledged += terminal->acknowledged().size();  // replays included: each acknowledgement is checked
    stored_total += stored.size();
  }
  EXPECT_EQ(duplicates, 0u);

  // Commands: each delivery carries the text queued under its ID, and every
  // command (including any whose 201 the feeder never saw) is done.
  std::size_t commands = 0, deliveries = 0, redelivered = 0;
  for (const auto& terminal : terminals) {
    std::map<std::string, std::string> on_server;  // ID -> text
    for (const auto& c : server.api_get_all("/api/v1/devices/" + terminal->sn() + "/commands")) {
      on_server[c["id"].get<std::string>()] = c["command"].get<std::string>();
      EXPECT_EQ(c["status"], "done") << terminal->sn() << " command " << c["id"] << ": " << c.dump();
      ++commands;
    }
    std::map<std::string, int> times;
    for (const auto& delivered : terminal->received_commands()) {
      ++deliveries;
      redelivered += ++times[delivered.id] == 2;
      auto it = on_server.find(delivered.id);
      ASSERT_NE(it, on_server.end()) << terminal->sn() << " got command " << delivered.id << " it does not own";
      EXPECT_EQ(delivered.text, it->second) << "command " << delivered.id << " delivered as another command";
    }
  }
  for (const auto& [id, text] : feeder.queued())
    EXPECT_EQ(server.api_get("/api/v1/commands/" + id)["command"], text) << "command " << id;
  EXPECT_GE(feeder.queued().size(), static_cast<std::size_t>(kKills));
  EXPECT_GT(failed_requests, 0u) << "no kill hit the terminals' traffic";

  std::printf("crash test (--durability %s): %d kills survived; of %llu terminal requests %llu failed with them, "
              "%zu punches were unacknowledged when they stopped; %zu acknowledgements checked, %zu punches stored, "
              "%zu duplicates; %zu commands (%zu queued through the API while killing), %zu deliveries, %zu "
              "delivered again after a loss, all done\n",
              GetParam(), kills, static_cast<unsigned long long>(requests),
              static_cast<unsigned long long>(failed_requests), unacknowledged_at_stop, acknowledged, stored_total,
              duplicates, commands, feeder.queued().size(), deliveries, redelivered);
  RecordProperty("kills", kills);
  RecordProperty("acknowledged_checked", static_cast<int>(acknowledged));
  RecordProperty("duplicates", static_cast<int>(duplicates));
}

INSTANTIATE_TEST_SUITE_P(Durability, CrashSafety, ::testing::Values("normal", "full"));

}  // namespace
}  // namespace zkpush::test
