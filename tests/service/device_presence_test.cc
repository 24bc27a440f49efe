// Online/offline and last-seen on virtual time: a device is offline after
// three silent poll intervals (Delay) and online again with its next request;
// last-seen times are written once per flush interval, whatever the polls,
// each device's on its own schedule.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "device_service_fixture.h"

namespace zkpush::test {
namespace {

using namespace std::chrono_literals;

service::ServiceConfig on_virtual_time() {
  service::ServiceConfig config;
  config.clock = ServiceClock::virtual_at(1'800'000'000'000);
  config.last_seen_flush_interval = 30s;
  return config;
}

class DevicePresenceTest : public DeviceServiceTest {
 protected:
  DevicePresenceTest() : DeviceServiceTest(on_virtual_time()) {}

  // Virtual time passes, and the server's once-a-second tick sees it.
  void advance(std::chrono::milliseconds by) {
    service_.config().clock.advance(by);
    service_.tick(service_.config().clock.now_ms());
  }
  std::vector<std::string> presence_events() const {
    std::vector<std::string> kinds;
    for (const auto& e : store_.committed_ops<store::AppendEvent>())
      if (e.kind == "device.online" || e.kind == "device.offline") kinds.push_back(e.kind);
    return kinds;
  }
  std::size_t last_seen_writes() const { return store_.committed_ops<store::SetLastSeen>().size(); }
};

TEST_F(DevicePresenceTest, SilentForThreePollIntervalsADeviceIsOfflineAndItsNextRequestBringsItBack) {
  request("GET", "/iclock/cdata?SN=P1&options=all&pushver=2.4.1");  // Delay: the default 10 s
  advance(1s);
  EXPECT_EQ(presence_events(), std::vector<std::string>{"device.online"});
  advance(29s);  // 30 s since its request: three intervals, still within them
  EXPECT_EQ(presence_events().size(), 1u);
  advance(1s);
  EXPECT_EQ(presence_events(), (std::vector<std::string>{"device.online", "device.offline"}));
  request("GET", "/iclock/getrequest?SN=P1");
  advance(1s);
  EXPECT_EQ(presence_events(), (std::vector<std::string>{"device.online", "device.offline", "device.online"}));
}

TEST_F(DevicePresenceTest, LastSeenIsWrittenOncePerFlushIntervalWhateverThePolls) {
  request("GET", "/iclock/cdata?SN=P1&options=all&pushver=2.4.1");  // registered: last_seen stored
  for (int second = 0; second < 29; ++second) {  // a poll a second
    advance(1s);
    request("GET", "/iclock/getrequest?SN=P1");
  }
  advance(1s);  // 30 s after it was stored
  ASSERT_EQ(last_seen_writes(), 1u);
  auto seen = store_.committed_ops<store::SetLastSeen>().back().seen;
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].at, service_.config().clock.now_ms() - 1000);  // the last poll's virtual time
  for (int second = 0; second < 29; ++second) {
    request("GET", "/iclock/getrequest?SN=P1");
    advance(1s);
  }
  EXPECT_EQ(last_seen_writes(), 1u) << "written before the interval passed";
  advance(1s);  // 30 s after the first write
  ASSERT_EQ(last_seen_writes(), 2u);
  seen = store_.committed_ops<store::SetLastSeen>().back().seen;
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].at, service_.config().clock.now_ms() - 2000);
}

TEST_F(DevicePresenceTest, EachDevicesLastSeenIsWrittenOnItsOwnScheduleNotAllAtOnce) {
  request("GET", "/iclock/cdata?SN=P1&options=all&pushver=2.4.1");
  advance(10s);
  request("GET", "/iclock/cdata?SN=P2&options=all&pushver=2.4.1");
  for (int second = 0; second < 20; ++second) {
    request("GET", "/iclock/getrequest?SN=P1");
    request("GET", "/iclock/getrequest?SN=P2");
    advance(1s);
  }
  ASSERT_EQ(last_seen_writes(), 1u);  // P1's: 30 s after it was registered
  EXPECT_EQ(store_.committed_ops<store::SetLastSeen>().back().seen.size(), 1u);
  advance(10s);  // 30 s after P2 was registered
  ASSERT_EQ(last_seen_writes(), 2u);
  const auto seen = store_.committed_ops<store::SetLastSeen>().back().seen;
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NE(seen[0].device, store_.committed_ops<store::SetLastSeen>().front().seen[0].device);
}

}  // namespace
}  // namespace zkpush::test
