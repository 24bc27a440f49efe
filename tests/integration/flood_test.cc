// One peer floods the terminal port with garbage at full speed (random bytes,
// oversized heads, bad framing, bad serial numbers, unreadable uploads)
// while an emulated terminal uploads its history and live punches: the
// terminal sees no error, and everything it was acknowledged is stored once.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "harness.h"
#include "sim_fixture.h"

namespace zkpush::test {
namespace {

using namespace std::chrono_literals;

// One piece of garbage, of a kind picked at random. Every piece ends its head
// and asks to close, so the server answers at once and hangs up instead of
// waiting for the read timeout or the next request.
std::string garbage(std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  auto random_bytes = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(byte(rng)));
    return out;
  };
  switch (rng() % 6) {
    case 0: {
      std::string bytes = random_bytes(1 + rng() % 2000);
      if (bytes.find_first_not_of("\r\n") == std::string::npos) bytes = "x";  // blank lines alone are skipped
      return bytes + "\r\n\r\n";
    }
    case 1: return "GET /iclock/cdata?SN=" + random_bytes(1 + rng() % 80) + " HTTP/1.1\r\nConnection: close\r\n\r\n";
    case 2: return "GET /iclock/getrequest?SN=X HTTP/1.1\r\nX-Pad: " + std::string(20000, 'a') + "\r\n\r\n";
    case 3:
      return "POST /iclock/cdata?SN=X&table=ATTLOG HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n";
    case 4: {
      std::string body = random_bytes(1 + rng() % 4000);
      return "POST /iclock/cdata?SN=FLOODX&table=ATTLOG&Stamp=1 HTTP/1.1\r\nConnection: close\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body;
    }
    default: return "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + random_bytes(64) + "\r\n\r\n";
  }
}

TEST(Flood, GarbageFromOnePeerLeavesATerminalUnaffected) {
  TempDir dir;
  Server server(dir.path(), {}, LaunchOptions{true});
  const int port = server.device_port();

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> pieces{0}, answered{0};
  std::vector<std::thread> flooders;
  for (unsigned seed = 1; seed <= 2; ++seed) {
    flooders.emplace_back([&, seed] {
      std::mt19937 rng(seed);
      while (!stop.load()) {
        RawClient peer(port);
        peer.try_send(garbage(rng));  // the server may cut a flooder off
        std::string reply = peer.read_until_close(2s);
        ++pieces;
        if (reply.rfind("HTTP/1.1 ", 0) == 0) ++answered;
      }
    });
  }

  auto config = config_for("FLOOD1");
  config.history = 600;             // five batches at boot
  config.punches_per_minute = 600;  // and live punches while the flood goes on
  RunningTerminal run(port, config);
  // Until the history and live punches made during the flood are
  // acknowledged, and the flood is real.
  EXPECT_TRUE(run.stop_when([&](sim::Terminal& t, sim::Stats&) {
    return t.acknowledged().size() >= 620 && pieces.load() > 200 && all_uploaded(t);
  }));
  sim::Terminal& terminal = run.stop();
  stop = true;
  for (auto& flooder : flooders) flooder.join();

  SCOPED_TRACE(run.stats().summary(1s));
  EXPECT_EQ(run.stats().error_count(), 0u);
  const auto& acked = terminal.acknowledged();
  EXPECT_GE(acked.size(), 600u);
  auto rows = server.api_get("/api/v1/devices/FLOOD1/attendance?limit=1000")["items"];
  EXPECT_EQ(rows.size(), acked.size());
  std::set<std::pair<std::string, std::string>> stored;
  for (const auto& row : rows) stored.emplace(row["pin"], row["time"]);
  EXPECT_EQ(stored.size(), rows.size());  // no duplicates
  for (const auto& punch : acked) EXPECT_EQ(stored.count({punch.pin, punch.time}), 1u) << punch.pin << " " << punch.time;

  // The flood was real, and every piece of it was answered.
  std::printf("flood: %llu pieces of garbage, %llu answered, while %zu punches were acknowledged\n",
              static_cast<unsigned long long>(pieces.load()), static_cast<unsigned long long>(answered.load()),
              acked.size());
  EXPECT_GT(pieces.load(), 200u);
  EXPECT_EQ(answered.load(), pieces.load());
}

}  // namespace
}  // namespace zkpush::test
