// GET /api/v1/commands/summary: commands of every device counted by status
// (what bench/fanout.py polls until a fan-out is complete).
#include <gtest/gtest.h>

#include "harness.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

TEST(ApiSummary, CountsCommandsByStatus) {
  TempDir dir;
  Server server(dir.path());
  for (const char* sn : {"SUM1", "SUM2"})
    ASSERT_EQ(server.get(std::string("/iclock/cdata?SN=") + sn + "&options=all&pushver=2.4.1").status, 200);

  EXPECT_EQ(server.api_get("/api/v1/commands/summary"),
            (json{{"queued", 0}, {"sent", 0}, {"done", 0}, {"failed", 0}, {"expired", 0}}));

  auto a = server.api_send("POST", "/api/v1/devices/SUM1/commands", {{"command", "INFO"}}, 201)["id"];
  server.api_send("POST", "/api/v1/devices/SUM2/commands", {{"command", "SET OPTION Zkpush=1"}}, 201);
  EXPECT_EQ(server.api_get("/api/v1/commands/summary"),
            (json{{"queued", 2}, {"sent", 0}, {"done", 0}, {"failed", 0}, {"expired", 0}}));

  // SUM1 polls, gets its command and answers it; SUM2 has not polled yet.
  const std::string id = a.get<std::string>();
  EXPECT_EQ(server.get("/iclock/getrequest?SN=SUM1").body, "C:" + id + ":INFO\n");
  EXPECT_EQ(server.api_get("/api/v1/commands/summary")["sent"], 1);
  EXPECT_EQ(server.post("/iclock/devicecmd?SN=SUM1", "ID=" + id + "&Return=0&CMD=INFO\n").body, "OK");
  EXPECT_EQ(server.api_get("/api/v1/commands/summary"),
            (json{{"queued", 1}, {"sent", 0}, {"done", 1}, {"failed", 0}, {"expired", 0}}));
}

}  // namespace
}  // namespace zkpush::test
