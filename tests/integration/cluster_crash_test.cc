// Crash safety of a cluster: two nodes A and B on one PostgreSQL database
// (fsync on, as in production). Emulated terminals, half on A and half on B,
// upload their history and live punches and execute commands queued through
// B's API, while A is SIGKILLed at random moments and started again on the
// same ports, data and arguments. A webhook subscribed to attendance.created
// is delivered by whichever node holds the webhooks lease; when A dies
// holding it, B takes over once its term runs out. Then the terminals'
// resends converge, and the test checks through both nodes' APIs that:
// - every punch a terminal saw acknowledged is stored exactly once, and once
//   they converge, what is stored is exactly what was punched;
// - no command ID is ever delivered as two different commands, and every
//   command ends done;
// - every stored punch's event (att-<id>) reached the webhook receiver at
//   least once (how many arrived more than once is reported: a node killed
//   between a POST and its record sends it again, as at-least-once allows).
// The kill moments come from a seed printed at the start;
// ZKPUSH_CRASH_SEED=N repeats a run.
#include <gtest/gtest.h>
#include <libpq-fe.h>

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
#include "support/postgres_server.h"

// A namespace of its own: in a unity build this file shares a translation
// unit with other tests, whose helpers have the same names.
namespace zkpush::test::cluster_crash {
namespace {

using nlohmann::json;
using sim::Terminal;
using namespace crash;

constexpr int kTerminalsPerNode = 15;
constexpr int kKills = 4;  // at least, while terminals punch and commands are queued
// More kills while none has yet cut off a request of A's terminals; the
// bound of a failing run.
constexpr int kMaxKills = 12;
// Between two kills A's terminals send the restarted node this many requests:
// it is busy when it dies.
constexpr uint64_t kRequestsBetweenKills = 60;
// A dead holder's lease runs out after its term (20 s) and is claimed on the
// next tick; the webhook worker then looks within 5 s. Room for that and for
// the delivery of what piled up meanwhile.
constexpr std::chrono::seconds kWebhookDeadline{60};

// A webhook receiver that takes everything: how often each event ID arrived.
class Receiver : public http::Handler {
 public:
  void handle(const http::Request& request, http::Responder respond) override {
    {
      std::lock_guard lock(mu_);
      ++received_[std::string(request.header("X-Zkpush-Event-Id"))];
    }
    respond(http::Response::text("thanks", 200));
  }
  std::map<std::string, int> received() {
    std::lock_guard lock(mu_);
    return received_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> received_;
};

// Who holds the webhooks lease now ("" when nobody does), read from the
// database itself: node names are "host:pid:started".
std::string webhooks_lease_holder(const std::string& uri) {
  PGconn* db = PQconnectdb(uri.c_str());
  std::string holder;
  if (PQstatus(db) == CONNECTION_OK) {
    PGresult* r = PQexec(db, "SELECT holder FROM leases WHERE name = 'webhooks'");
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) holder = PQgetvalue(r, 0, 0);
    PQclear(r);
  }
  PQfinish(db);
  return holder;
}
bool held_by(const std::string& holder, const Server& node) {
  return holder.find(":" + std::to_string(node.pid()) + ":") != std::string::npos;
}

TEST(ClusterCrashSafety, AKilledNodeLosesNothingAndItsWebhookLeaseIsTakenOver) {
  const uint64_t seed = crash_seed();
  std::printf("cluster crash test: seed %llu (ZKPUSH_CRASH_SEED=%llu repeats it)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  PostgresServer database(PostgresServer::Options{.fsync = true});
  const std::string uri = database.create_database();
  TempDir dir;
  // A sent command without a reply goes out again after a second, as often as it takes.
  const std::vector<std::string> args{"--database", uri, "--command-timeout", "1", "--command-retries", "100"};
  Server a(dir.file("a"), args);
  Server b(dir.file("b"), args);

  Receiver receiver;
  InProcessServer receiver_server(receiver);
  a.api_send("POST", "/api/v1/webhooks",
             {{"url", receiver_server.url() + "/zk"},
              {"kinds", {"attendance.created"}},
              {"secret", "cluster-crash-0123456789"}},
             201);

  std::vector<std::string> sns;
  std::vector<sim::TerminalConfig> configs_a, configs_b;
  for (int i = 1; i <= 2 * kTerminalsPerNode; ++i) {
    sns.push_back("CLUS" + std::to_string(100 + i));
    fast_polling(b, sns.back());
    auto config = config_for(sns.back());
    config.history = 103;                   // two batches at boot (not a multiple of 6: see resend_test.cc)
    config.punches_per_minute = 300;        // then a realtime upload every 200 ms
    config.replay_history = true;           // and, after each power cycle, everything again
    config.faults.reboots_per_hour = 1200;  // every 3 s on average
    config.seed = seed + static_cast<uint64_t>(i);
    (i <= kTerminalsPerNode ? configs_a : configs_b).push_back(std::move(config));
  }

  int kills = 0, kills_holding_lease = 0;
  RunningFleet fleet_a(a.device_port(), configs_a);
  RunningFleet fleet_b(b.device_port(), configs_b);
  std::atomic<bool> killing{true};
  CommandFeeder feeder(b.api_port(), b.admin_token(), sns, seed ^ 0x5eed);
  std::thread feeding([&] { feeder.run_while(killing); });
  std::mt19937_64 random(seed);
  bool traffic_cut = false;  // a terminal of A saw a request fail with a kill
  for (int round = 0; round < kMaxKills; ++round) {
    uint64_t requests_a = 0, requests_b = 0;
    fleet_a.wait_until([&](RunningFleet::Terminals&, sim::Stats& stats) {
      requests_a = stats.requests();
      traffic_cut = stats.error_count() > 0;
      return true;
    });
    fleet_b.wait_until([&](RunningFleet::Terminals&, sim::Stats& stats) {
      requests_b = stats.requests();
      return true;
    });
    if (round >= kKills && traffic_cut) break;
    const std::size_t queued_before = feeder.queued().size();
    ASSERT_TRUE(fleet_a.wait_until([&](RunningFleet::Terminals&, sim::Stats& stats) {
      return stats.requests() >= requests_a + kRequestsBetweenKills;
    }));
    ASSERT_TRUE(fleet_b.wait_until([&](RunningFleet::Terminals&, sim::Stats& stats) {
      return stats.requests() >= requests_b + kRequestsBetweenKills;
    }));
    ASSERT_TRUE(eventually([&] { return feeder.queued().size() > queued_before; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 400)(random)));
    const bool holding = held_by(webhooks_lease_holder(uri), a);
    a.restart();  // SIGKILL, then the same ports, data and arguments
    ++kills;
    kills_holding_lease += holding;
    std::printf("cluster crash test: kill %d of node A%s\n", kills, holding ? " (it held the webhooks lease)" : "");
  }
  killing = false;
  feeding.join();
  auto& terminals_a = fleet_a.stop();
  auto& terminals_b = fleet_b.stop();
  const uint64_t requests = fleet_a.stats().requests() + fleet_b.stats().requests();
  const uint64_t failed_requests = fleet_a.stats().error_count() + fleet_b.stats().error_count();
  std::vector<Terminal*> terminals;
  for (auto* fleet : {&terminals_a, &terminals_b})
    for (auto& t : *fleet) terminals.push_back(t.get());

  // Before the resends converge: acknowledged punches stored once, nothing
  // stored twice, nothing stored that was not punched.
  std::size_t acknowledged = 0, duplicates = 0, unacknowledged_at_stop = 0;
  for (const Terminal* terminal : terminals) {
    for (const auto& p : terminal->db().attlogs) unacknowledged_at_stop += !p.uploaded;
    std::set<Key> punched;
    for (const auto& p : terminal->db().attlogs) punched.insert(key_of(p.record));
    ASSERT_EQ(punched.size(), terminal->db().attlogs.size()) << "the emulator punched one natural key twice";
    const auto stored = stored_punches(b, terminal->sn());
    for (const auto& [key, count] : stored) {
      duplicates += count > 1;
      EXPECT_TRUE(punched.count(key)) << terminal->sn() << ": stored a punch it never made: " << std::get<0>(key);
    }
    for (const auto& r : terminal->acknowledged())
      EXPECT_EQ(stored.count(key_of(r)), 1u) << terminal->sn() << ": acknowledged punch " << r.time << " is lost";
  }

  fleet_a.then_each(converge);
  fleet_b.then_each(converge);

  // Converged: exactly what was punched, each once, the same through both nodes.
  std::size_t stored_total = 0;
  std::set<std::string> event_ids;  // of every stored punch
  for (const Terminal* terminal : terminals) {
    std::set<Key> punched;
    for (const auto& p : terminal->db().attlogs) {
      punched.insert(key_of(p.record));
      EXPECT_TRUE(p.uploaded) << terminal->sn() << ": punch " << p.record.time << " never acknowledged";
    }
    std::vector<int64_t> ids;
    const auto stored = stored_punches(b, terminal->sn(), &ids);
    EXPECT_EQ(stored_punches(a, terminal->sn()), stored) << terminal->sn() << ": nodes A and B disagree";
    std::set<Key> stored_keys;
    for (const auto& [key, count] : stored) {
      duplicates += count > 1;
      stored_keys.insert(key);
    }
    EXPECT_EQ(stored_keys, punched) << terminal->sn();
    for (int64_t id : ids) event_ids.insert("att-" + std::to_string(id));
    acknowledged += terminal->acknowledged().size();  // replays included: each acknowledgement is checked
    stored_total += stored.size();
  }
  EXPECT_EQ(duplicates, 0u);

  // Commands: each delivery carries the text queued under its ID, and every
  // command (including any whose 201 the feeder never saw) is done.
  std::size_t commands = 0, deliveries = 0, redelivered = 0;
  for (const Terminal* terminal : terminals) {
    std::map<std::string, std::string> on_server;  // ID -> text
    for (const auto& c : b.api_get_all("/api/v1/devices/" + terminal->sn() + "/commands")) {
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
  for (const auto& [id, text] : feeder.queued()) {
    EXPECT_EQ(b.api_get("/api/v1/commands/" + id)["command"], text) << "command " << id;
    EXPECT_EQ(a.api_get("/api/v1/commands/" + id)["status"], "done") << "command " << id << " through node A";
  }
  EXPECT_GE(feeder.queued().size(), static_cast<std::size_t>(kKills));
  EXPECT_GT(fleet_a.stats().error_count(), 0u) << "no kill hit the traffic of node A's terminals";

  // Webhooks: every stored punch's event arrives, at least once.
  const auto webhook_start = std::chrono::steady_clock::now();
  const bool all_received = eventually(
      [&] {
        const auto received = receiver.received();
        for (const auto& id : event_ids)
          if (!received.count(id)) return false;
        return true;
      },
      kWebhookDeadline);
  const auto webhook_wait =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - webhook_start);
  const auto received = receiver.received();
  std::size_t events_received = 0, events_redelivered = 0, receptions = 0;
  std::vector<std::string> missing;
  for (const auto& [id, times] : received) {
    receptions += times;
    events_redelivered += times > 1;
  }
  for (const auto& id : event_ids) {
    if (received.count(id))
      ++events_received;
    else
      missing.push_back(id);
  }
  EXPECT_TRUE(all_received) << missing.size() << " of " << event_ids.size() << " events never reached the receiver"
                            << (missing.empty() ? ""
                                                : ", the first " + missing.front() + ", the last " + missing.back())
                            << "; webhooks lease now held by '" << webhooks_lease_holder(uri) << "'";
  const std::string holder = webhooks_lease_holder(uri);
  const char* holder_now = held_by(holder, b) ? "node B" : held_by(holder, a) ? "node A (restarted)" : "nobody";
  for (const auto& [id, times] : received)
    EXPECT_TRUE(id.rfind("att-", 0) == 0 && event_ids.count(id)) << "received an event of no stored punch: " << id;

  std::printf(
      "cluster crash test: %d kills of node A (%d holding the webhooks lease); of %llu terminal requests "
      "%llu failed with them, %zu punches were unacknowledged when they stopped; %zu acknowledgements "
      "checked, %zu punches stored, %zu duplicates; %zu commands (%zu queued through node B while killing), "
      "%zu deliveries, %zu delivered again after a loss, all done; webhooks: %zu of %zu events received "
      "(%zu receptions, %zu events received more than once), the last %lld ms after convergence, the webhooks "
      "lease then held by %s\n",
      kills, kills_holding_lease, static_cast<unsigned long long>(requests),
      static_cast<unsigned long long>(failed_requests), unacknowledged_at_stop, acknowledged, stored_total, duplicates,
      commands, feeder.queued().size(), deliveries, redelivered, events_received, event_ids.size(), receptions,
      events_redelivered, static_cast<long long>(webhook_wait.count()), holder_now);
  RecordProperty("kills", kills);
  RecordProperty("kills_holding_webhooks_lease", kills_holding_lease);
  RecordProperty("acknowledged_checked", static_cast<int>(acknowledged));
  RecordProperty("duplicates", static_cast<int>(duplicates));
  RecordProperty("commands", static_cast<int>(commands));
  RecordProperty("command_deliveries", static_cast<int>(deliveries));
  RecordProperty("webhook_events_received", static_cast<int>(events_received));
  RecordProperty("webhook_events_redelivered", static_cast<int>(events_redelivered));
}

}  // namespace
}  // namespace zkpush::test::cluster_crash
