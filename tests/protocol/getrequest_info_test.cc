// parse_getrequest_info: INFO= of the getrequest heartbeat (004 §9, ACC-06).
#include <gtest/gtest.h>

#include "capture.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

using ::zkpush::test::capture_target;
using ::zkpush::test::query_param;

TEST(GetrequestInfoCapture, D03TenValues) {
  std::string info = query_param(capture_target("D03"), "INFO");
  ASSERT_EQ(info, "Ver 2.0.12-20150625,0,0,0,192.168.16.27,10,7,15,0,111");
  EXPECT_EQ(parse_getrequest_info(info), (Fields{{"FWVersion", "Ver 2.0.12-20150625"},
                                                 {"UserCount", "0"},
                                                 {"FPCount", "0"},
                                                 {"TransactionCount", "0"},
                                                 {"IPAddress", "192.168.16.27"},
                                                 {"FPVersion", "10"},
                                                 {"FaceVersion", "7"},
                                                 {"FaceEnrollCount", "15"},
                                                 {"FaceCount", "0"},
                                                 {"FunctionFlags", "111"}}));
}

TEST(GetrequestInfoCapture, R26ThirteenValues) {
  auto f = parse_getrequest_info(query_param(capture_target("R26"), "INFO"));
  ASSERT_EQ(f.size(), 13u);
  EXPECT_EQ(f[0], (std::pair<std::string, std::string>{"FWVersion", "ZAM70-NF24HA-Ver3.3.12"}));
  EXPECT_EQ(f[1].second, "27");
  EXPECT_EQ(f[4].second, "192.168.1.201");
  EXPECT_EQ(f[6], (std::pair<std::string, std::string>{"FaceVersion", "40"}));
  EXPECT_EQ(f[9], (std::pair<std::string, std::string>{"FunctionFlags", "11110"}));
  EXPECT_EQ(f[10], (std::pair<std::string, std::string>{"INFO11", "0"}));
  EXPECT_EQ(f[11], (std::pair<std::string, std::string>{"INFO12", "25"}));
  EXPECT_EQ(f[12], (std::pair<std::string, std::string>{"INFO13", "0"}));
}

TEST(GetrequestInfo, FiveValuesOf000AndTrimming) {
  EXPECT_EQ(parse_getrequest_info("Ver 6.39 Apr 28 2008 , 2,0, 0,192.168.1.201 "),
            (Fields{{"FWVersion", "Ver 6.39 Apr 28 2008"},
                    {"UserCount", "2"},
                    {"FPCount", "0"},
                    {"TransactionCount", "0"},
                    {"IPAddress", "192.168.1.201"}}));
}

TEST(GetrequestInfo, EmptyPositionsKeptEmptyInfoGivesNothing) {
  EXPECT_EQ(parse_getrequest_info("v,,3"),
            (Fields{{"FWVersion", "v"}, {"UserCount", ""}, {"FPCount", "3"}}));
  EXPECT_TRUE(parse_getrequest_info("").empty());
  EXPECT_TRUE(parse_getrequest_info("  ").empty());
}

}  // namespace
}  // namespace zkpush::protocol
