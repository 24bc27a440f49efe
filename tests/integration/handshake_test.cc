// The initialisation exchange over real sockets: the options block, what is
// recorded about the terminal, per-device settings, legacy and PUSH 3.x forms.
#include <gtest/gtest.h>

#include "harness.h"

namespace zkpush::test {
namespace {

std::map<std::string, std::string> options_of(const std::string& body, std::string& first_line) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  bool first = true;
  while (start < body.size()) {
    auto end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string line = body.substr(start, end - start);
    start = end + 1;
    if (first) {
      first_line = line;
      first = false;
      continue;
    }
    auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

TEST(Handshake, OptionsBlockForA24Device) {
  TempDir dir;
  Server server(dir.path());
  auto reply = server.get("/iclock/cdata?SN=SERIAL87654321&options=all&language=73&pushver=2.4.0");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("content-type"), "text/plain");
  EXPECT_FALSE(reply.header("date").empty());
  EXPECT_EQ(reply.header("transfer-encoding"), "");
  EXPECT_EQ(std::to_string(reply.body.size()), reply.header("content-length"));

  std::string first;
  auto opts = options_of(reply.body, first);
  EXPECT_EQ(first, "GET OPTION FROM: SERIAL87654321");
  for (const char* key : {"ATTLOGStamp", "OPERLOGStamp", "ATTPHOTOStamp", "BIODATAStamp", "IDCARDStamp",
                          "ERRORLOGStamp", "Stamp", "OpStamp", "PhotoStamp"})
    EXPECT_EQ(opts[key], "0") << key;
  EXPECT_EQ(opts["ErrorDelay"], "30");
  EXPECT_EQ(opts["Delay"], "10");
  EXPECT_EQ(opts["TransTimes"], "00:00;14:05");
  EXPECT_EQ(opts["TransInterval"], "1");
  EXPECT_EQ(opts["TransFlag"],
            "TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser\tEnrollFP\tChgFP\tFPImag\tFACE\tUserPic\t"
            "WORKCODE\tBioPhoto");
  EXPECT_EQ(opts["Realtime"], "1");
  EXPECT_EQ(opts["Encrypt"], "0");
  EXPECT_EQ(opts["ServerVer"], "2.4.1");
  EXPECT_EQ(opts["PushProtVer"], "2.4.1");
  EXPECT_EQ(opts["PushOptionsFlag"], "1");
  EXPECT_FALSE(opts["PushOptions"].empty());
  EXPECT_EQ(opts["ATTPHOTOBase64"], "0");
  EXPECT_EQ(opts["MultiBioDataSupport"], "0:1:1:0:0:0:0:1:1:1");
  EXPECT_EQ(opts["MultiBioPhotoSupport"], "0:1:1:0:0:0:0:1:1:1");
  EXPECT_TRUE(opts.count("TimeZone"));

  auto device = server.api_get("/api/v1/devices/SERIAL87654321");
  EXPECT_EQ(device["sn"], "SERIAL87654321");
  EXPECT_EQ(device["push_version"], "2.4.0");
  EXPECT_EQ(device["language"], "73");
  EXPECT_EQ(device["user_agent"], "iClock Proxy/1.09");
  EXPECT_EQ(device["ip"], "127.0.0.1");
  EXPECT_EQ(device["online"], true);
  EXPECT_FALSE(device["first_seen"].get<std::string>().empty());
}

TEST(Handshake, RecordsDeviceTypeAndCommKey) {
  TempDir dir;
  Server server(dir.path());
  auto reply = server.get(
      "/iclock/cdata?SN=0316144680030&options=all&pushver=2.2.14&language=83&pushcommkey=4a9594af164f2b9779b5"
      "&DeviceType=att");
  ASSERT_EQ(reply.status, 200);
  auto device = server.api_get("/api/v1/devices/0316144680030");
  EXPECT_EQ(device["device_type"], "att");
  EXPECT_EQ(device["pushcommkey_bound"], true);  // the key itself is a credential, not shown (admission_test.cc)
  EXPECT_EQ(device["language"], "83");
}

TEST(Handshake, LegacyDeviceGetsDigitTransFlag) {  // ACC-01, EMIT-02
  TempDir dir;
  Server server(dir.path());
  auto reply = server.get("/iclock/cdata?SN=OLD0001&options=all");
  ASSERT_EQ(reply.status, 200);
  std::string first;
  auto opts = options_of(reply.body, first);
  EXPECT_EQ(first, "GET OPTION FROM: OLD0001");
  EXPECT_EQ(opts["TransFlag"], "1111111111");  // 10 digits: no WORKCODE/BioPhoto before 004
  EXPECT_EQ(opts["Stamp"], "0");
}

TEST(Handshake, DeviceSettingsOverrideDefaults) {
  TempDir dir;
  Server server(dir.path());
  server.get("/iclock/cdata?SN=TZ001&options=all&pushver=2.4.1");
  server.api_send("PUT", "/api/v1/devices/TZ001/settings",
                  {{"TimeZone", "330"}, {"Delay", 5}, {"TransFlag", "AttLog OpLog"}}, 200);
  std::string first;
  auto opts = options_of(server.get("/iclock/cdata?SN=TZ001&options=all&pushver=2.4.1").body, first);
  EXPECT_EQ(opts["TimeZone"], "330");
  EXPECT_EQ(opts["Delay"], "5");
  EXPECT_EQ(opts["TransFlag"], "TransData AttLog\tOpLog");
  EXPECT_EQ(opts["ErrorDelay"], "30");  // untouched default
}

TEST(Handshake, SnPaddedWithNulIsCleaned) {  // field-lessons §5.17
  TempDir dir;
  Server server(dir.path());
  auto reply = server.get("/iclock/cdata?SN=PAD001%00%00%00&options=all&pushver=2.4.1");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body.rfind("GET OPTION FROM: PAD001\n", 0), 0u);
  server.api_get("/api/v1/devices/PAD001");
}

}  // namespace
}  // namespace zkpush::test
