// VERIFY SUM ATTLOG (004 §12.3.3) heals missing records: when the terminal
// counts more records in a window than the server holds, the server asks
// for the window again (DATA QUERY ATTLOG) and reports the mismatch as an
// event; equal counts do nothing.
#include <gtest/gtest.h>

#include "harness.h"

namespace zkpush::test {
namespace {

std::string queue_verify(const Server& server) {
  return server.api_send("POST", "/api/v1/devices/VS1/commands",
                         {{"command", "VERIFY SUM ATTLOG StartTime=2026-11-01 00:00:00\tEndTime=2026-11-30 23:59:59"}},
                         201)["id"];
}

// The terminal's reply to VERIFY SUM, counting `sum` records in November.
void reply_verify(const Server& server, const std::string& id, int sum) {
  EXPECT_EQ(server.get("/iclock/getrequest?SN=VS1").body,
            "C:" + id + ":VERIFY SUM ATTLOG StartTime=2026-11-01 00:00:00\tEndTime=2026-11-30 23:59:59\n");
  EXPECT_EQ(server.post("/iclock/devicecmd?SN=VS1", "ID=" + id + "&Return=0&CMD=VERIFY SUM&StartTime=2026-11-01 "
                                                    "00:00:00&EndTime=2026-11-30 23:59:59&AttlogSum=" +
                                                        std::to_string(sum) + "\n")
                .body,
            "OK");
}

TEST(Reconciliation, FewerRecordsOnTheServerAskTheTerminalForTheWindowAgain) {
  TempDir dir;
  Server server(dir.path());
  server.get("/iclock/cdata?SN=VS1&options=all&pushver=2.4.1");
  server.post("/iclock/cdata?SN=VS1&table=ATTLOG&Stamp=1",
              "1\t2026-11-02 08:00:00\t0\t1\t0\t0\n2\t2026-11-03 08:00:00\t0\t1\t0\t0\n"
              "3\t2026-12-01 08:00:00\t0\t1\t0\t0\n");  // December: outside the window

  reply_verify(server, queue_verify(server), 2);  // equal: nothing to do
  EXPECT_EQ(server.get("/iclock/getrequest?SN=VS1").body, "OK");

  const std::string id = queue_verify(server);
  reply_verify(server, id, 5);  // three missing
  EXPECT_EQ(server.get("/iclock/getrequest?SN=VS1").body.substr(0, 2), "C:");
  const auto commands = server.api_get("/api/v1/devices/VS1/commands")["items"];
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[2]["command"], "DATA QUERY ATTLOG StartTime=2026-11-01 00:00:00\tEndTime=2026-11-30 23:59:59");
  EXPECT_EQ(commands[2]["status"], "sent");

  // Reported as an event (the stream from the beginning holds it).
  RawClient events(server.api_port());
  events.send("GET /api/v1/events?after=0.0.0&kinds=reconciliation.mismatch HTTP/1.1\r\n"
              "Host: 127.0.0.1\r\nAuthorization: Bearer " +
              server.admin_token() + "\r\n\r\n");
  ASSERT_NE(events.read_until("event: reconciliation.mismatch\n", std::chrono::seconds(5)), "");
  const std::string event = events.read_until("\n\n", std::chrono::seconds(5));
  EXPECT_NE(event.find("\"on_device\":5"), std::string::npos) << event;
  EXPECT_NE(event.find("\"on_server\":2"), std::string::npos);
  EXPECT_NE(event.find("\"command_id\":\"" + id + "\""), std::string::npos);
}

}  // namespace
}  // namespace zkpush::test
