// The emulator's run summary and its "key value" form for scripts.
#include "sim/stats.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace zkpush::sim {
namespace {

std::map<std::string, std::string> parse(const std::string& text) {
  std::map<std::string, std::string> values;
  std::istringstream in(text);
  std::string key, value;
  while (in >> key >> value) values[key] = value;
  return values;
}

HttpResult reply(int status, int latency_ms, std::string error = {}) {
  HttpResult r;
  r.status = status;
  r.error = std::move(error);
  r.latency = std::chrono::milliseconds(latency_ms);
  return r;
}

TEST(SimStats, KeyValuesCarryCountsPercentilesAndFaults) {
  Stats stats;
  for (int ms = 1; ms <= 100; ++ms) stats.record("getrequest", reply(200, ms));
  stats.record("attlog", reply(503, 500));
  stats.record("attlog", reply(0, 7, "connection refused"));
  stats.records_sent = 256;
  stats.records_acked = 128;
  stats.count_injected("duplicate post");
  stats.upload_finished(Stats::Clock::now());
  auto v = parse(stats.key_values(std::chrono::seconds(2)));
  EXPECT_EQ(v["elapsed_s"], "2.000");
  EXPECT_NE(v["upload_s"], "-");
  EXPECT_EQ(v["requests"], "102");
  EXPECT_EQ(v["requests.getrequest"], "100");
  EXPECT_EQ(v["records_acked"], "128");
  EXPECT_EQ(v["errors"], "2");
  EXPECT_EQ(v["errors.HTTP_503"], "1");
  EXPECT_EQ(v["errors.connection_refused"], "1");
  EXPECT_EQ(v["injected.duplicate_post"], "1");
  EXPECT_EQ(v["latency_p99_ms.getrequest"], "99.00");
  EXPECT_EQ(v["latency_max_ms"], "500.00");
  EXPECT_EQ(stats.injected("duplicate post"), 1u);
}

TEST(SimStats, UploadTimeIsUnknownUntilATerminalFinished) {
  Stats stats;
  EXPECT_EQ(parse(stats.key_values(std::chrono::seconds(1)))["upload_s"], "-");
}

TEST(SimStats, SummaryHasARowPerEndpointAndAllTogether) {
  Stats stats;
  stats.record("handshake", reply(200, 3));
  stats.record("getrequest", reply(200, 1));
  const std::string summary = stats.summary(std::chrono::seconds(1));
  EXPECT_NE(summary.find("\nhandshake "), std::string::npos);
  EXPECT_NE(summary.find("\ngetrequest "), std::string::npos);
  EXPECT_NE(summary.find("\nall "), std::string::npos);
  EXPECT_NE(summary.find("errors: none"), std::string::npos);
}

}  // namespace
}  // namespace zkpush::sim
