#include "http/http_date.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <set>
#include <thread>
#include <vector>

namespace zkpush::http {
namespace {

TEST(HttpDate, KnownTimes) {
  EXPECT_EQ(format_http_date(1435906381), "Fri, 03 Jul 2015 06:53:01 GMT");
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(format_http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(format_http_date(1709251199), "Thu, 29 Feb 2024 23:59:59 GMT");
  EXPECT_EQ(format_http_date(4107542400), "Mon, 01 Mar 2100 00:00:00 GMT");  // 2100 is no leap year
  EXPECT_EQ(format_http_date(253402300799), "Fri, 31 Dec 9999 23:59:59 GMT");
}

TEST(HttpDate, OutOfRangeIsClamped) {
  EXPECT_EQ(format_http_date(-1), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(format_http_date(253402300800), "Fri, 31 Dec 9999 23:59:59 GMT");
}

TEST(HttpDate, AgreesWithGmtimeAndStrftime) {
  char expected[64];
  for (std::int64_t t = 0; t < 4102444800; t += 86400 * 3 + 3607) {  // 1970..2100
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    ASSERT_NE(gmtime_r(&tt, &tm), nullptr);
    ASSERT_GT(std::strftime(expected, sizeof expected, "%a, %d %b %Y %H:%M:%S GMT", &tm), 0u);
    ASSERT_EQ(format_http_date(t), expected) << t;
  }
}

std::int64_t system_seconds() {
  // The clock http_date_now() reads; std::time() may use a coarser clock that
  // lags it by a few milliseconds around a second boundary.
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(HttpDate, NowIsCurrentAndWellFormed) {
  std::int64_t before = system_seconds();
  std::string now(http_date_now());
  std::int64_t after = system_seconds();
  std::set<std::string> allowed;
  for (std::int64_t t = before; t <= after; ++t) allowed.insert(format_http_date(t));
  EXPECT_TRUE(allowed.count(now)) << now;
}

TEST(HttpDate, NowFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&bad] {
      for (int j = 0; j < 200000; ++j) {
        std::string_view d = http_date_now();
        if (d.size() != kHttpDateSize || d.substr(25) != " GMT" || d[3] != ',') ++bad;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace zkpush::http
