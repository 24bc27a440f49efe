#include "protocol/devicecmd.h"

#include "capture.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace zkpush::protocol {
namespace {

using namespace std::string_literals;

using test::capture_body;

std::optional<std::string> field(const CommandReply& r, std::string_view key) {
  for (const auto& [k, v] : r.fields)
    if (k == key) return v;
  return std::nullopt;
}

TEST(DeviceCmdCaptures, R27InfoReplyKeepsEveryKeyValueLine) {
  std::string body = capture_body("R27");
  ASSERT_EQ(body.size(), 1275u);
  auto replies = parse_devicecmd(body);
  ASSERT_EQ(replies.size(), 1u);
  const CommandReply& r = replies[0];
  EXPECT_EQ(r.id, "26");
  EXPECT_EQ(r.return_code, 0);
  EXPECT_EQ(r.cmd, "INFO");
  EXPECT_FALSE(r.content.has_value());
  // 75 lines: the ID&Return&CMD line and 74 key=value lines.
  ASSERT_EQ(r.fields.size(), 74u);
  EXPECT_EQ(r.fields.front(), (std::pair<std::string, std::string>{"~DeviceName", "Biopro SA40"}));
  EXPECT_EQ(r.fields.back(), (std::pair<std::string, std::string>{"QRCodeEnable", ""}));
  EXPECT_EQ(field(r, "~OEMVendor"), "ZKTECO CO., LTD.");
  EXPECT_EQ(field(r, "MAC"), "00:17:61:11:cd:3b");
  EXPECT_EQ(field(r, "FWVersion"), "Ver 8.0.4.3-20220708");
  EXPECT_EQ(field(r, "PushVersion"), "Ver 2.0.33S-20220623");
  EXPECT_EQ(field(r, "MainTime"), "1970-01-01 00:00:00");
  EXPECT_EQ(field(r, "PvCount"), "-1");
  EXPECT_EQ(field(r, "AccSupportFunList"), "");
  EXPECT_EQ(field(r, "~SerialNumber"), "CQZ7231360296");
  // raw is the whole reply minus the final line break.
  EXPECT_EQ(r.raw, body.substr(0, body.size() - 1));
}

TEST(DeviceCmdCaptures, R28ShellReplyContentRunsToTheEndOfTheBody) {
  auto replies = parse_devicecmd(capture_body("R28"));
  ASSERT_EQ(replies.size(), 1u);
  const CommandReply& r = replies[0];
  EXPECT_EQ(r.id, "27");
  EXPECT_EQ(r.return_code, 0);
  EXPECT_EQ(r.cmd, "Shell");
  ASSERT_EQ(r.fields.size(), 2u);
  EXPECT_EQ(r.fields[0], (std::pair<std::string, std::string>{"SN", "CQZ7231360296"}));
  EXPECT_EQ(r.fields[1], (std::pair<std::string, std::string>{"FILENAME", "shellout.txt"}));
  // Decision: Content is kept byte-exact, final LF included (the shell
  // output's own line end; a GetFile's bytes must not be trimmed either).
  EXPECT_EQ(r.content, "1|Ali|0\n");
  EXPECT_EQ(r.raw,
            "ID=27\nSN=CQZ7231360296\nReturn=0\nCMD=Shell\nFILENAME=shellout.txt\nContent=1|Ali|0\n");
}

TEST(DeviceCmdCaptures, R29SingleLineAck) {
  auto replies = parse_devicecmd(capture_body("R29"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].id, "28");
  EXPECT_EQ(replies[0].return_code, 0);
  EXPECT_EQ(replies[0].cmd, "DATA");
  EXPECT_TRUE(replies[0].fields.empty());
  EXPECT_FALSE(replies[0].content.has_value());
  EXPECT_EQ(replies[0].raw, "ID=28&Return=0&CMD=DATA");
}

TEST(DeviceCmdCaptures, R34ThreeRepliesOnePerLine) {
  auto replies = parse_devicecmd(capture_body("R34"));
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].id, "1");
  EXPECT_EQ(replies[0].cmd, "DATA");
  EXPECT_EQ(replies[0].raw, "ID=1&Return=0&CMD=DATA");
  EXPECT_EQ(replies[1].id, "2");
  EXPECT_EQ(replies[1].cmd, "DATA");
  EXPECT_EQ(replies[2].id, "3");
  EXPECT_EQ(replies[2].cmd, "CHECK");
  EXPECT_EQ(replies[2].raw, "ID=3&Return=0&CMD=CHECK");
  for (const auto& r : replies) EXPECT_EQ(r.return_code, 0);
}

TEST(DeviceCmdCaptures, R35ShellWithoutSn) {
  auto replies = parse_devicecmd(capture_body("R35"));
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].id, "32");
  EXPECT_EQ(replies[0].return_code, 0);
  EXPECT_EQ(replies[0].cmd, "Shell");
  EXPECT_TRUE(replies[0].fields.empty());
  EXPECT_EQ(replies[0].content, "Tue Mar 24 16:12:26 GMT 2026\n");
}

TEST(DeviceCmdCaptures, D08FiveAlphanumericIds) {  // ACC-38
  auto replies = parse_devicecmd(capture_body("D08"));
  ASSERT_EQ(replies.size(), 5u);
  const char* kIds[] = {"info8487", "info8488", "info8489", "info7464", "fp7464"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(replies[i].id, kIds[i]);
    EXPECT_EQ(replies[i].return_code, 0);
    EXPECT_EQ(replies[i].cmd, "DATA");
  }
}

// --- ACC-30..38 ----------------------------------------------------------------

TEST(DeviceCmd, BinaryContentWithNulAmpersandAndIdInside) {  // ACC-36, GetFile 000:L649
  std::string bytes = "\x00\x01&ID=9&Return=5\nID=10\r\n\xff"s;
  std::string body = "ID=1234\nSN=99999\nFILENAME=/mnt/a.dat\nCMD=GetFile\nReturn=" +
                     std::to_string(bytes.size()) + "\nContent=" + bytes;
  auto replies = parse_devicecmd(body);
  ASSERT_EQ(replies.size(), 1u);
  const CommandReply& r = replies[0];
  EXPECT_EQ(r.id, "1234");
  EXPECT_EQ(r.cmd, "GetFile");
  EXPECT_EQ(r.return_code, static_cast<int>(bytes.size()));
  ASSERT_TRUE(r.content.has_value());
  EXPECT_EQ(*r.content, bytes);
  EXPECT_EQ(r.content->size(), 25u);
  ASSERT_EQ(r.fields.size(), 2u);
  EXPECT_EQ(r.fields[0].first, "SN");
  EXPECT_EQ(r.fields[1], (std::pair<std::string, std::string>{"FILENAME", "/mnt/a.dat"}));
  EXPECT_EQ(r.raw, body);
}

TEST(DeviceCmd, ContentAfterEarlierRepliesBelongsToTheLastOne) {
  auto replies = parse_devicecmd("ID=1&Return=0&CMD=DATA\nID=2\nReturn=0\nCMD=Shell\nContent=a\nb\n");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].id, "1");
  EXPECT_FALSE(replies[0].content.has_value());
  EXPECT_EQ(replies[1].id, "2");
  EXPECT_EQ(replies[1].content, "a\nb\n");
  EXPECT_EQ(replies[1].raw, "ID=2\nReturn=0\nCMD=Shell\nContent=a\nb\n");
}

TEST(DeviceCmd, EmptyContentIsPresent) {
  auto replies = parse_devicecmd("ID=5&Return=0&CMD=Shell&Content=");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].content, "");
}

TEST(DeviceCmd, StraySpacesAroundKeysEqualsAndAmpersands) {  // ACC-34
  auto replies = parse_devicecmd(
      "ID=7 &Return=0 &CMD=SET OPTION\n"                                            // 004:L3954
      "ID = 8\nSN = xxxx\nReturn = 0\nCMD = Shell\n"                               // 002:L588
      "ID=9&Return=0&CMD=VERIFY SUM&StartTime=2011-06-22 09:00:30& EndTime=2011-06-23 09:00:30 "
      "&AttlogSum=12\n");                                                          // 002:L1377
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].id, "7");
  EXPECT_EQ(replies[0].return_code, 0);
  EXPECT_EQ(replies[0].cmd, "SET OPTION");
  EXPECT_EQ(replies[0].raw, "ID=7 &Return=0 &CMD=SET OPTION");
  EXPECT_EQ(replies[1].id, "8");
  EXPECT_EQ(replies[1].cmd, "Shell");
  EXPECT_EQ(field(replies[1], "SN"), "xxxx");
  EXPECT_EQ(replies[2].id, "9");
  EXPECT_EQ(replies[2].cmd, "VERIFY SUM");
  ASSERT_EQ(replies[2].fields.size(), 3u);
  EXPECT_EQ(field(replies[2], "StartTime"), "2011-06-22 09:00:30");
  EXPECT_EQ(field(replies[2], "EndTime"), "2011-06-23 09:00:30");
  EXPECT_EQ(field(replies[2], "AttlogSum"), "12");
}

TEST(DeviceCmd, MissingCmd) {  // ACC-35: CLEAR (000:L359), RELOAD OPTIONS (000:L564)
  auto replies = parse_devicecmd("ID=11&Return=0\nID=12&SN=ABC&Return=0\n");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].id, "11");
  EXPECT_EQ(replies[0].cmd, "");
  EXPECT_EQ(replies[0].return_code, 0);
  EXPECT_EQ(replies[1].id, "12");
  EXPECT_EQ(replies[1].cmd, "");
  EXPECT_EQ(field(replies[1], "SN"), "ABC");
}

TEST(DeviceCmd, CmdIsKeptAsSent) {  // ACC-35
  auto replies = parse_devicecmd("ID=1&Return=0&CMD=clear_photo\nID=2&Return=0&CMD=RELOAD OPTIONS");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].cmd, "clear_photo");
  EXPECT_EQ(replies[1].cmd, "RELOAD OPTIONS");
}

TEST(DeviceCmd, ReturnMissingOrNotANumber) {  // ACC-37
  auto replies = parse_devicecmd("ID=1&CMD=DATA\nID=2&Return=abc&CMD=DATA\nID=3&Return=&CMD=DATA\n"
                                 "ID=4&Return=99999999999&CMD=DATA\n");
  ASSERT_EQ(replies.size(), 4u);
  for (const auto& r : replies) {
    SCOPED_TRACE(r.id);
    EXPECT_FALSE(r.return_code.has_value());
    EXPECT_EQ(r.cmd, "DATA");
  }
}

TEST(DeviceCmd, ReturnValuesNegativeAndPositive) {  // ACC-37, R34 note
  auto replies = parse_devicecmd(
      "ID=1&Return=-1002&CMD=DATA\nID=2&Return=-1004&CMD=DATA\nID=3&Return=8095&CMD=ACCOUNT\n"
      "ID=4&Return=5&CMD=ENROLL_FP\nID=5&Return=+3&CMD=DATA");
  ASSERT_EQ(replies.size(), 5u);
  EXPECT_EQ(replies[0].return_code, -1002);
  EXPECT_EQ(replies[1].return_code, -1004);
  EXPECT_EQ(replies[2].return_code, 8095);
  EXPECT_EQ(replies[3].return_code, 5);
  EXPECT_EQ(replies[4].return_code, 3);
}

TEST(DeviceCmd, MixedAmpersandAndNewlines) {  // ACC-30, ACC-31
  auto replies = parse_devicecmd(
      "ID=1&Return=0&CMD=INFO\nUserCount=3\nFPCount=2\n"
      "ID=2&Return=0&CMD=DATA&ID=3&Return=-1&CMD=DATA\r\n"
      "ID=4\r\nReturn=0\r\nCMD=PutFile\r\n");
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[0].id, "1");
  ASSERT_EQ(replies[0].fields.size(), 2u);
  EXPECT_EQ(field(replies[0], "UserCount"), "3");
  EXPECT_EQ(field(replies[0], "FPCount"), "2");
  EXPECT_EQ(replies[0].raw, "ID=1&Return=0&CMD=INFO\nUserCount=3\nFPCount=2");
  EXPECT_EQ(replies[1].id, "2");
  EXPECT_EQ(replies[1].return_code, 0);
  EXPECT_EQ(replies[1].raw, "ID=2&Return=0&CMD=DATA");
  EXPECT_EQ(replies[2].id, "3");
  EXPECT_EQ(replies[2].return_code, -1);
  EXPECT_EQ(replies[2].raw, "ID=3&Return=-1&CMD=DATA");
  EXPECT_EQ(replies[3].id, "4");
  EXPECT_EQ(replies[3].cmd, "PutFile");
  EXPECT_EQ(replies[3].raw, "ID=4\r\nReturn=0\r\nCMD=PutFile");
}

TEST(DeviceCmd, KeysInAnyOrder) {  // ACC-32
  auto replies = parse_devicecmd("Return=0&CMD=DATA&ID=5\nCMD=CHECK&Return=-1&ID=6\n");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].id, "5");
  EXPECT_EQ(replies[0].return_code, 0);
  EXPECT_EQ(replies[0].cmd, "DATA");
  EXPECT_EQ(replies[1].id, "6");
  EXPECT_EQ(replies[1].return_code, -1);
  EXPECT_EQ(replies[1].cmd, "CHECK");
}

TEST(DeviceCmd, GetFileOrder) {  // ACC-32: ID, SN, FILENAME, CMD, Return, Content
  auto replies = parse_devicecmd("ID=1234\nSN=99999\nFILENAME=FilePath\nCMD=GetFile\nReturn=5\nContent=hello");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].id, "1234");
  EXPECT_EQ(replies[0].cmd, "GetFile");
  EXPECT_EQ(replies[0].return_code, 5);
  EXPECT_EQ(replies[0].content, "hello");
  EXPECT_EQ(field(replies[0], "FILENAME"), "FilePath");
}

TEST(DeviceCmd, KeysAreCaseInsensitiveButFieldKeysKeepTheirCase) {
  auto replies = parse_devicecmd("id=1&return=0&cmd=DATA&Sn=X\nID=2&RETURN=-3&Cmd=DATA");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].id, "1");
  EXPECT_EQ(replies[0].return_code, 0);
  EXPECT_EQ(replies[0].cmd, "DATA");
  ASSERT_EQ(replies[0].fields.size(), 1u);
  EXPECT_EQ(replies[0].fields[0].first, "Sn");
  EXPECT_EQ(replies[1].return_code, -3);
}

TEST(DeviceCmd, InfoValuesMayContainEqualsAndCommas) {
  auto replies = parse_devicecmd("ID=1&Return=0&CMD=INFO\nWebServerURL=http://h/?a=b\n~X=1, 2\n");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(field(replies[0], "WebServerURL"), "http://h/?a=b");
  EXPECT_EQ(field(replies[0], "~X"), "1, 2");
}

TEST(DeviceCmd, EmptyAndBlankBodies) {
  EXPECT_TRUE(parse_devicecmd("").empty());
  EXPECT_TRUE(parse_devicecmd("\r\n\n  \n").empty());
  EXPECT_TRUE(parse_devicecmd("garbage without equals").empty());
}

TEST(DeviceCmd, JunkLinesStayInRawButAreNotFields) {
  auto replies = parse_devicecmd("ID=1&Return=0&CMD=DATA\nnoise\n\nID=2&Return=0&CMD=DATA\n");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(replies[0].fields.empty());
  EXPECT_EQ(replies[0].raw, "ID=1&Return=0&CMD=DATA\nnoise");
  EXPECT_EQ(replies[1].raw, "ID=2&Return=0&CMD=DATA");
}

TEST(DeviceCmd, ReplyWithoutIdIsStillReturned) {
  auto replies = parse_devicecmd("Return=0&CMD=DATA");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].id, "");
  EXPECT_EQ(replies[0].return_code, 0);
}

TEST(DeviceCmd, RepeatedKeyWithinALineKeepsTheFirstValue) {
  auto replies = parse_devicecmd("ID=1&Return=0&CMD=DATA&Return=5&CMD=X");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].return_code, 0);
  EXPECT_EQ(replies[0].cmd, "DATA");
  EXPECT_EQ(replies[0].raw, "ID=1&Return=0&CMD=DATA&Return=5&CMD=X");
}

}  // namespace
}  // namespace zkpush::protocol
