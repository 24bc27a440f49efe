#include "http/log_throttle.h"

#include <gtest/gtest.h>

namespace zkpush::http {
namespace {

using namespace std::chrono_literals;

TEST(LogThrottle, OneLinePerBurstCountingWhatItStandsFor) {
  LogThrottle throttle(10s);
  const auto t0 = LogThrottle::Clock::time_point() + 1h;
  EXPECT_EQ(throttle.admit(t0), 1u);  // the first of a burst is logged at once
  for (int i = 0; i < 99; ++i) EXPECT_EQ(throttle.admit(t0 + 1s), 0u);
  EXPECT_EQ(throttle.admit(t0 + 9s), 0u);
  EXPECT_EQ(throttle.admit(t0 + 10s), 101u);  // itself and the 100 not logged
  EXPECT_EQ(throttle.admit(t0 + 25s), 1u);
}

}  // namespace
}  // namespace zkpush::http
