// Restart persistence and graceful shutdown of the real process.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

#include "harness.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

TEST(Lifecycle, DevicesStampsAndCommandsSurviveARestart) {
  TempDir dir;
  std::string queued_id, sent_id;
  {
    Server server(dir.path());
    server.get("/iclock/cdata?SN=P1&options=all&pushver=2.4.1&language=69");
    server.post("/iclock/cdata?SN=P1&table=ATTLOG&Stamp=1234", "1\t2024-01-01 00:00:00\t0\t1\n");
    server.post("/iclock/cdata?SN=P1&table=OPERLOG&Stamp=55", "USER PIN=1\tName=Kept\n");
    sent_id = server.api_send("POST", "/api/v1/devices/P1/commands", {{"command", "INFO"}}, 201)["id"];
    ASSERT_EQ(server.get("/iclock/getrequest?SN=P1").body, "C:" + sent_id + ":INFO\n");
    queued_id = server.api_send("POST", "/api/v1/devices/P1/commands", {{"command", "CHECK"}}, 201)["id"];
    ASSERT_EQ(server.stop(), 0);
  }
  Server server(dir.path());
  auto device = server.api_get("/api/v1/devices/P1");
  EXPECT_EQ(device["push_version"], "2.4.1");
  EXPECT_EQ(device["stamps"]["ATTLOG"], "1234");
  EXPECT_EQ(device["stamps"]["OPERLOG"], "55");
  EXPECT_FALSE(device["last_seen"].get<std::string>().empty());
  auto handshake = server.get("/iclock/cdata?SN=P1&options=all&pushver=2.4.1");
  EXPECT_NE(handshake.body.find("\nATTLOGStamp=1234\n"), std::string::npos);
  EXPECT_EQ(server.api_get("/api/v1/devices/P1/users")["items"][0]["name"], "Kept");
  EXPECT_EQ(server.api_get("/api/v1/commands/" + sent_id)["status"], "sent");
  // The queued command is still delivered after the restart, and the reply
  // to the command sent before the restart still completes it.
  EXPECT_EQ(server.get("/iclock/getrequest?SN=P1").body, "C:" + queued_id + ":CHECK\n");
  server.post("/iclock/devicecmd?SN=P1", "ID=" + sent_id + "&Return=0&CMD=INFO\n");
  EXPECT_EQ(server.api_get("/api/v1/commands/" + sent_id)["status"], "done");
  // Re-uploading the same punch after the restart does not duplicate it.
  server.post("/iclock/cdata?SN=P1&table=ATTLOG&Stamp=1234", "1\t2024-01-01 00:00:00\t0\t1\n");
  EXPECT_EQ(server.api_get("/api/v1/devices/P1/attendance")["items"].size(), 1u);
}

TEST(Lifecycle, SigtermExitsZeroAndKeepsAcknowledgedData) {
  TempDir dir;
  std::atomic<int> acknowledged{0};
  {
    Server server(dir.path());
    server.get("/iclock/cdata?SN=S1&options=all&pushver=2.4.1");
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
      clients.emplace_back([&, c] {
        for (int i = 0; i < 50; ++i) {
          std::string body = std::to_string(c) + "\t2024-01-01 00:" + (i < 10 ? "0" : "") + std::to_string(i) +
                             ":00\t0\t1\n";
          try {
            if (server.post("/iclock/cdata?SN=S1&table=ATTLOG", body).body == "OK: 1") ++acknowledged;
          } catch (const std::exception&) {
            return;  // the server went away: unacknowledged, the terminal would resend
          }
        }
      });
    }
    // SIGTERM in the middle of the traffic.
    EXPECT_TRUE(eventually([&] { return acknowledged.load() >= 20; }));
    EXPECT_EQ(server.stop(), 0);
    for (auto& t : clients) t.join();
  }
  Server server(dir.path());
  auto rows = server.api_get("/api/v1/devices/S1/attendance?limit=1000")["items"];
  EXPECT_GE(static_cast<int>(rows.size()), acknowledged.load());
  EXPECT_GT(acknowledged.load(), 0);
}

TEST(Lifecycle, ConfigFileSetsOptions) {
  TempDir dir;
  const std::string config = dir.path() + "/zkpush.toml";
  std::ofstream(config) << "[serve]\nmax-commands-per-poll = 2\ncommand-timeout = 60\n";
  Server server(dir.path() + "/data", {"--config", config});
  server.get("/iclock/cdata?SN=C1&options=all&pushver=2.4.1");
  for (int i = 0; i < 3; ++i) server.api_send("POST", "/api/v1/devices/C1/commands", {{"command", "INFO"}}, 201);
  auto first = server.get("/iclock/getrequest?SN=C1").body;
  EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 2) << first;
  auto second = server.get("/iclock/getrequest?SN=C1").body;
  EXPECT_EQ(std::count(second.begin(), second.end(), '\n'), 1) << second;
}

}  // namespace
}  // namespace zkpush::test
