// What the emulated terminal reads from the server's handshake: the options
// that drive its timing (Delay, ErrorDelay, Realtime, TransInterval,
// TransTimes, TimeZone) and TransFlag in both formats.
#include "sim/server_replies.h"

#include <gtest/gtest.h>

namespace zkpush::sim {
namespace {

const char kHandshake[] =
    "GET OPTION FROM: SIM1\nATTLOGStamp=0\nErrorDelay=60\nDelay=5\nTransTimes=00:00;14:05\nTransInterval=2\n"
    "TransFlag=TransData AttLog\tOpLog\nTimeZone=8\nRealtime=0\n";

TEST(SimServerReplies, HandshakeOptionsDriveTheTerminal) {
  auto o = parse_handshake_reply("SIM1", kHandshake);
  EXPECT_TRUE(o.registered);
  EXPECT_EQ(o.delay_s, 5);
  EXPECT_EQ(o.error_delay_s, 60);
  EXPECT_EQ(o.trans_interval_min, 2);
  EXPECT_FALSE(o.realtime);
  EXPECT_EQ(o.time_zone_minutes, 480);
  EXPECT_EQ(o.trans_times, (std::vector<int>{0, 14 * 60 + 5}));
  EXPECT_TRUE(o.allows("AttLog"));
  EXPECT_FALSE(o.allows("AttPhoto"));
  EXPECT_EQ(o.stamp("ATTLOG"), "0");
}

TEST(SimServerReplies, AnotherTerminalsBlockIsNotARegistration) {
  EXPECT_FALSE(parse_handshake_reply("SIM2", kHandshake).registered);
}

TEST(SimServerReplies, DigitTransFlagMapsToNames) {
  auto o = parse_handshake_reply("SIM1", "GET OPTION FROM: SIM1\nTransFlag=1010000000\n");
  EXPECT_TRUE(o.allows("AttLog"));
  EXPECT_FALSE(o.allows("OpLog"));
  EXPECT_TRUE(o.allows("AttPhoto"));
}

TEST(SimServerReplies, NextTransTimeWrapsToTomorrow) {
  auto o = parse_handshake_reply("SIM1", kHandshake);
  const long long midnight = 1767225600;  // 2026-01-01 00:00:00
  EXPECT_EQ(seconds_to_next_trans_time(o, midnight + 14 * 3600), 5 * 60);      // 14:00 -> 14:05
  EXPECT_EQ(seconds_to_next_trans_time(o, midnight + 14 * 3600 + 300), 9 * 3600 + 55 * 60);  // 14:05 -> 00:00
  EXPECT_EQ(seconds_to_next_trans_time(parse_handshake_reply("SIM1", "GET OPTION FROM: SIM1\n"), midnight), -1);
  auto bad = parse_handshake_reply("SIM1", "GET OPTION FROM: SIM1\nTransTimes=25:00;ab;07:30\n");
  EXPECT_EQ(bad.trans_times, (std::vector<int>{7 * 60 + 30}));
}

TEST(SimServerReplies, CommandLinesAndAcks) {
  auto commands = parse_command_lines("C:12:INFO\nC:13:DATA UPDATE USERINFO PIN=1\tName=A\n");
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[1].id, "13");
  EXPECT_EQ(commands[1].text, "DATA UPDATE USERINFO PIN=1\tName=A");
  EXPECT_TRUE(parse_command_lines("OK").empty());
  EXPECT_TRUE(is_upload_ack("OK"));
  EXPECT_TRUE(is_upload_ack("OK: 128"));
  EXPECT_FALSE(is_upload_ack("ERROR"));
}

}  // namespace
}  // namespace zkpush::sim
