// A full disk (issue 5), made without mount privileges by lowering the running
// server's file-size limit (RLIMIT_FSIZE, through prlimit) below the size of
// every file of its store: each write then fails with EFBIG, as on a full file
// system. While it lasts, uploads are answered 503 and not stored, so the
// terminals keep their data; polls, handshakes and the API are still
// answered; the log says so once, not once per request. Once the limit is
// raised the server writes again by itself, and the terminals' resends are
// stored exactly once. In both durability modes.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "harness.h"
#include "sim_fixture.h"

namespace zkpush::test {
namespace {

using Key = std::tuple<std::string, std::string, int, int>;  // time, pin, status, verify

// Log lines (spdlog's "[level] message") that contain `text`.
int lines_with(const std::string& log, const std::string& text) {
  int count = 0;
  for (std::size_t at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++count;
  return count;
}

class DiskFull : public ::testing::TestWithParam<const char*> {};

TEST_P(DiskFull, UploadsAreRefusedUntilSpaceReturnsThenResentOnce) {
  TempDir dir;
  Server server(dir.path(), {"--durability", GetParam()}, LaunchOptions{.capture_log = true});
  fast_polling(server, "FULL1");
  fast_polling(server, "FULL2");
  const std::string upload = "/iclock/cdata?SN=FULL1&table=ATTLOG&Stamp=9";
  ASSERT_EQ(server.post(upload, "1\t2026-03-01 08:00:00\t0\t1\n").body, "OK: 1");

  server.set_file_size_limit(4096);  // the WAL's first frame already ends past it
  const std::string refused = "2\t2026-03-01 08:00:01\t0\t1\n";
  for (int i = 0; i < 5; ++i) {
    auto reply = server.post(upload, refused);
    EXPECT_EQ(reply.status, 503) << reply.body;
  }
  // A terminal uploading its history meanwhile gets 503s and keeps it.
  auto config = config_for("FULL2");
  config.history = 303;
  RunningTerminal run(server.device_port(), config);
  ASSERT_TRUE(run.wait_until([](sim::Terminal&, sim::Stats& stats) { return stats.error_count() >= 2; }));
  // Everyone is still answered: an idle poll, a handshake, the API.
  EXPECT_EQ(server.get("/iclock/getrequest?SN=FULL1").body, "OK");
  EXPECT_EQ(server.get("/iclock/cdata?SN=FULL1&options=all&pushver=2.4.1").status, 200);
  EXPECT_EQ(server.api_get("/api/v1/devices/FULL1/attendance")["items"].size(), 1u);
  EXPECT_EQ(server.api_get("/api/v1/devices/FULL2/attendance")["items"].size(), 0u);
  // One clear error for the whole outage, not one per request.
  EXPECT_TRUE(server.wait_for_log("[error] storage: cannot write"));
  std::string log = server.log();
  EXPECT_EQ(lines_with(log, "[error]"), 1) << log;
  EXPECT_EQ(lines_with(log, "[error] storage: cannot write"), 1) << log;

  server.set_file_size_limit(std::nullopt);  // space returns
  EXPECT_TRUE(run.stop_when([](sim::Terminal& terminal, sim::Stats&) { return all_uploaded(terminal); }));
  sim::Terminal& terminal = run.stop();
  EXPECT_TRUE(server.wait_for_log("storage: writes succeed again"));
  log = server.log();
  EXPECT_EQ(lines_with(log, "storage: writes succeed again"), 1) << log;
  EXPECT_EQ(lines_with(log, "[error]"), 1) << log;

  // The terminal's resends are stored, each once.
  std::set<Key> punched, stored;
  for (const auto& a : terminal.db().attlogs) {
    EXPECT_TRUE(a.uploaded);
    punched.emplace(a.record.time, a.record.pin, a.record.status, a.record.verify);
  }
  const auto rows = server.api_get_all("/api/v1/devices/FULL2/attendance");
  for (const auto& row : rows) stored.emplace(row["time"], row["pin"], row["status"], row["verify"]);
  EXPECT_EQ(rows.size(), stored.size()) << "a punch was stored twice";
  EXPECT_EQ(stored, punched);
  EXPECT_EQ(punched.size(), 303u);
  // What was refused was not stored; sent again, it is stored once.
  EXPECT_EQ(server.api_get("/api/v1/devices/FULL1/attendance")["items"].size(), 1u);
  EXPECT_EQ(server.post(upload, refused).body, "OK: 1");
  EXPECT_EQ(server.post(upload, refused).body, "OK: 1");
  EXPECT_EQ(server.api_get("/api/v1/devices/FULL1/attendance")["items"].size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Durability, DiskFull, ::testing::Values("normal", "full"));

}  // namespace
}  // namespace zkpush::test
