// The canteen handshake block (spec 001 §3.2, catalog §3.2), the clock reply
// (§5) and the card-request and exchange answers.
#include "protocol/canteen/options.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/read_file.h"

namespace zkpush::protocol::canteen {
namespace {

// The stamps and settings of the spec's example reply (L419-L477).
const std::map<std::string, std::string> kExampleStamps = {
    {"PosLogStamp", "2018-11-02T10:16:58"}, {"PosLogStampId", "36"}, {"PosBakLogStampId", "2018-11-02T09:47:44"}};
const Fields kExampleSettings = {{"ErrorDelay", "60"},   {"Delay", "30"},         {"TransTimes", "00:00;14:05"},
                                 {"TransInterval", "1"}, {"TransFlag", "111101011"}, {"SyncTime", "600"},
                                 {"AllowOnline", "0"},   {"MachineType", "0"},    {"CustomSector", "1"},
                                 {"UseSection", ""},     {"BackSection", ""},     {"CardPass", ""},
                                 {"TimeZone", "8"},      {"Timeout", ""},         {"Realtime", "1"},
                                 {"Encrypt", "0"}};

// Catalog §3.2, the spec's example reply L419-L477 ("Id" restored where the
// OCR wrote "ld"/"ed", A-01), one LF after each line.
constexpr std::string_view kExampleBlock =
    "GET OPTION FROM: 5158181900025\n"
    "Stamp=0\n"
    "OpStamp=0\n"
    "ZhiWeiLogStamp=0\n"
    "ZhiWeiLogStampId=0\n"
    "ZhiWeiBakLogStampId=0\n"
    "PosLogStamp=2018-11-02T10:16:58\n"
    "FullLogStamp=0\n"
    "AllowLogStamp=0\n"
    "PosLogStampId=36\n"
    "FullLogStampId=0\n"
    "AllowLogStampId=0\n"
    "PosBakLogStampId=2018-11-02T09:47:44\n"
    "FullBakLogStampId=0\n"
    "AllowBakLogStampId=0\n"
    "UseStampId=1\n"
    "TableNameStamp=0\n"
    "PhotoStamp=0\n"
    "ErrorDelay=60\n"
    "Delay=30\n"
    "TransTimes=00:00;14:05\n"
    "TransInterval=1\n"
    "TransFlag=111101011\n"
    "SyncTime=600\n"
    "AllowOnline=0\n"
    "MachineType=0\n"
    "CustomSector=1\n"
    "TimeZone=8\n"
    "Realtime=1\n"
    "Encrypt=0\n";

TEST(CanteenOptions, TheSpecExampleByteForByte) {
  EXPECT_EQ(format_options("5158181900025", kExampleStamps, kExampleSettings), kExampleBlock);
}

TEST(CanteenOptions, MatchesTheTranscribedCaptureD09) {
  // The capture's reply is the same example, transcribed up to Delay=30.
  std::string transcribed =
      zkpush::test::read_file(std::filesystem::path(ZKPUSH_CAPTURES_DIR) / "D09-doc-cn-consumption-cpos.reply.txt");
  transcribed = transcribed.substr(0, transcribed.find("\xE2\x80\xA6"));  // up to "…(truncated"
  ASSERT_GT(transcribed.size(), 300u);
  EXPECT_EQ(std::string(kExampleBlock).substr(0, transcribed.size()), transcribed);
}

TEST(CanteenOptions, ANewTerminalGetsZeroStamps) {
  const std::string block = format_options("SN1", {}, {{"Delay", "30"}});
  EXPECT_NE(block.find("\nPosLogStamp=0\nFullLogStamp=0\nAllowLogStamp=0\nPosLogStampId=0\n"), std::string::npos);
  EXPECT_NE(block.find("\nUseStampId=1\n"), std::string::npos);
  EXPECT_TRUE(block.ends_with("PhotoStamp=0\nDelay=30\n"));
}

TEST(CanteenOptions, NeverOffersEncryption) {
  const std::string block = format_options("SN1", {}, {{"Encrypt", "1"}, {"PushProtVer", "2.4.1"}, {"Timeout", "60"}});
  EXPECT_NE(block.find("\nEncrypt=0\n"), std::string::npos);
  EXPECT_EQ(block.find("PushProtVer"), std::string::npos);
  EXPECT_NE(block.find("\nTimeout=60\n"), std::string::npos);  // set, so sent
}

TEST(CanteenOptions, EmptySettingsAreLeftOut) {
  const std::string block = format_options("SN1", {}, {{"CardPass", ""}, {"Delay", "5"}});
  EXPECT_EQ(block.find("CardPass"), std::string::npos);
}

TEST(CanteenTime, SpecFormatWithOffset) {
  // 2011-04-25 09:40:20 UTC; the spec's example is Time=2011-4-25T17:40:20+08:00 (L589),
  // written here zero-padded as its template says.
  EXPECT_EQ(format_time_reply(1303724420, 480), "Time=2011-04-25T17:40:20+08:00");
  EXPECT_EQ(format_time_reply(1303724420, 330), "Time=2011-04-25T15:10:20+05:30");
  EXPECT_EQ(format_time_reply(1303724420, -300), "Time=2011-04-25T04:40:20-05:00");
  EXPECT_EQ(format_time_reply(1303724420, 0), "Time=2011-04-25T09:40:20+00:00");
}

TEST(CanteenAnswers, CardRequestsAndExchange) {
  EXPECT_EQ(kYes, "OK");
  EXPECT_EQ(kNo, "NO");
  EXPECT_NE(kExchangeRefused.find("plaintext"), std::string_view::npos);
}

}  // namespace
}  // namespace zkpush::protocol::canteen
