// PostgreSQL restarted under a node's feet: while it is down, uploads are
// answered 503 (the terminal keeps them and sends them again), idle polls
// still get OK, and /api/v1/health says so; once it is back the node
// reconnects by itself, and every punch a terminal sent ends up stored once.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "harness.h"
#include "support/eventually.h"
#include "support/postgres_server.h"

namespace zkpush::test {
namespace {

std::string outage_punch(int n) {
  char time[32];
  std::snprintf(time, sizeof time, "2026-12-01 %02d:%02d:00", 8 + n / 60, n % 60);
  return std::to_string(n) + "\t" + time + "\t0\t1\t0\t0\n";
}

TEST(DatabaseOutage, UploadsAre503WhileItIsDownAndNothingIsLostAfter) {
  PostgresServer database(PostgresServer::Options{.fsync = true});
  const std::string uri = database.create_database();
  TempDir dir;
  Server node(dir.path(), {"--database", uri});
  ASSERT_EQ(node.get("/iclock/cdata?SN=OUT1&options=all&pushver=2.4.1").status, 200);

  std::set<int> unacknowledged;
  int next = 0;
  auto upload = [&](int n) {
    auto reply = node.post("/iclock/cdata?SN=OUT1&table=ATTLOG&Stamp=" + std::to_string(n), outage_punch(n));
    if (reply.status == 200 && reply.body == "OK: 1") {
      unacknowledged.erase(n);
      return true;
    }
    EXPECT_EQ(reply.status, 503) << reply.body;
    unacknowledged.insert(n);
    return false;
  };
  for (; next < 20; ++next) ASSERT_TRUE(upload(next));

  database.stop();
  EXPECT_TRUE(eventually([&] { return !upload(next++); })) << "an upload was acknowledged with the database down";
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(upload(next++));
  EXPECT_EQ(node.get("/iclock/getrequest?SN=OUT1").body, "OK");
  EXPECT_TRUE(eventually([&] { return node.api_get("/api/v1/health")["status"] == "degraded"; }));

  database.start();
  // The terminal sends again what was refused, until it is taken.
  EXPECT_TRUE(eventually([&] {
    const std::set<int> waiting = unacknowledged;
    for (int n : waiting) upload(n);
    return unacknowledged.empty();
  }));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(upload(next++));
  EXPECT_TRUE(eventually([&] { return node.api_get("/api/v1/health")["status"] == "ok"; }));
  // Reads come back too (a failed connection attempt is remembered for a second).
  EXPECT_TRUE(eventually([&] { return node.api_raw("GET", "/api/v1/devices/OUT1/attendance").status == 200; }));

  std::multiset<std::string> pins;
  for (const auto& row : node.api_get_all("/api/v1/devices/OUT1/attendance")) pins.insert(row["pin"].get<std::string>());
  EXPECT_EQ(pins.size(), static_cast<std::size_t>(next));
  for (int n = 0; n < next; ++n) EXPECT_EQ(pins.count(std::to_string(n)), 1u) << "punch " << n;
}

}  // namespace
}  // namespace zkpush::test
