// parse_realtime: rtlog, rtstate and transaction bodies (push3_catalog §2.2, §2.3,
// §4.2; capture R21), door-state decoding and App.5 times.
#include "protocol/access/realtime.h"

#include <gtest/gtest.h>

#include "protocol/capture.h"

namespace zkpush::protocol::access {
namespace {

using test::capture_body;

RealtimeUpload parse(std::string_view body) {
  RealtimeUpload out;
  parse_realtime(body, out);
  return out;
}

TEST(RealtimeCapture, R21APunchAndADoorRowInOneRtlogPost) {
  auto out = parse(capture_body("R21"));
  EXPECT_EQ(out.lines, 2);
  EXPECT_TRUE(out.rejected.empty());
  ASSERT_EQ(out.events.size(), 1u);
  const auto& e = out.events[0];
  EXPECT_EQ(e.time, "2026-09-09 12:09:10");
  EXPECT_TRUE(e.time_valid);
  EXPECT_EQ(e.pin, "445966");
  EXPECT_EQ(e.card_no, "0");
  EXPECT_EQ(e.event, 3);
  EXPECT_EQ(e.door, 1);
  EXPECT_EQ(e.in_out, 0);
  EXPECT_EQ(e.verify, "1");
  EXPECT_EQ(e.index, 40);
  EXPECT_EQ(e.extra, (Fields{{"sitecode", "0"}, {"linkid", "0"}, {"maskflag", "0"}, {"temperature", "0"},
                             {"convtemperature", "0"}}));
  ASSERT_EQ(out.states.size(), 1u);
  EXPECT_EQ(out.states[0].time, "2026-09-09 12:09:11");
  EXPECT_EQ(out.states[0].sensor, "02");
  EXPECT_EQ(out.states[0].relay, "00");
  EXPECT_EQ(out.states[0].alarm, "0100000000000000");
  EXPECT_EQ(out.states[0].door, "01");
}

TEST(Rtlog, FieldsAreReadByKeyInAnyOrderAndOptionalOnesMayBeMissing) {
  // The documents' order and the documents' example with its fields only (CN24 §10.2).
  auto out = parse("event=27\tinoutstatus=1\ttime=2017-01-10 11:49:32\tverifytype=0\tindex=21\tpin=0\tcardno=0\t"
                   "eventaddr=1\n"
                   "time=2017-01-10 11:49:33\tpin=7\tevent=0\n");
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(out.events[0].event, 27);
  EXPECT_EQ(out.events[0].index, 21);
  EXPECT_EQ(out.events[0].door, 1);
  EXPECT_EQ(out.events[1].pin, "7");
  EXPECT_EQ(out.events[1].door, 0);
  EXPECT_EQ(out.events[1].in_out, -1);
  EXPECT_FALSE(out.events[1].index);
}

TEST(Rtlog, AClockNotYetSetIsKeptAndFlagged) {  // push3_catalog §2.2: SenseFace 2A before NTP
  auto out = parse("time=1971--10--29 -23:-27:-54\tpin=0\tevent=206\teventaddr=0\tindex=1\n");
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_FALSE(out.events[0].time_valid);
  EXPECT_EQ(out.events[0].time, "1971--10--29 -23:-27:-54");
}

TEST(Rtlog, ARowWithoutTimeOrEventOrWithABadNumberIsRejectedAndTheOthersKept) {
  auto out = parse("pin=1\tevent=0\n"
                   "time=2026-01-01 08:00:00\tpin=1\n"
                   "time=2026-01-01 08:00:00\tpin=1\tevent=zero\n"
                   "time=2026-01-01 08:00:00\tpin=1\tevent=0\tindex=x\n"
                   "time=2026-01-01 08:00:01\tpin=2\tevent=0\tindex=3\n");
  EXPECT_EQ(out.lines, 5);
  ASSERT_EQ(out.rejected.size(), 4u);
  EXPECT_EQ(out.rejected[0].reason, "event without time");
  EXPECT_EQ(out.rejected[1].reason, "event without an event code");
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].pin, "2");
}

TEST(Transaction, TheTransactionSchemaIsReadUnderItsOwnKeys) {
  // CN24 §12.1.4-3's example.
  auto out = parse("transaction cardno=0\tpin=0\tverified=200\tdoorid=1\teventtype=100\tinoutstate=2\t"
                   "time_second=548003688\tindex=92\tsitecode=0\tdevid=1\tsn=3383154200002\n");
  ASSERT_EQ(out.events.size(), 1u);
  const auto& e = out.events[0];
  EXPECT_EQ(e.event, 100);
  EXPECT_EQ(e.door, 1);
  EXPECT_EQ(e.in_out, 2);
  EXPECT_EQ(e.verify, "200");
  EXPECT_EQ(e.index, 92);
  EXPECT_EQ(e.time, "2017-01-19 15:14:48");
  EXPECT_EQ(e.extra, (Fields{{"sitecode", "0"}, {"devid", "1"}, {"sn", "3383154200002"}}));
}

TEST(CardNumber, DecimalOrFourBytesLeastSignificantFirst) {  // CN24 §12.1.1-1
  EXPECT_EQ(decimal_card_number("[15CD5B07]"), "123456789");
  EXPECT_EQ(decimal_card_number("3455470023"), "3455470023");
  EXPECT_EQ(decimal_card_number(""), "");
  EXPECT_FALSE(decimal_card_number("[15CD5B0G]"));
  EXPECT_FALSE(decimal_card_number("12a"));
}

TEST(EncodedTime, App5CountsMonthsOf31Days) {
  EXPECT_EQ(encode_time(2000, 1, 1, 0, 0, 0), 0);
  EXPECT_EQ(encode_time(2000, 2, 1, 0, 0, 1), 31 * 86400 + 1);
  // The documents' SET OPTIONS example, DateTime=583080894 (CN24 §12.5.1).
  EXPECT_EQ(decode_time(583080894), "2018-02-22 14:54:54");
  EXPECT_EQ(encode_record_time("2018-02-22 14:54:54"), 583080894);
  EXPECT_FALSE(decode_time(-1));
  EXPECT_FALSE(decode_time(encode_time(2021, 2, 30, 0, 0, 0)));  // a hole of the 31-day months
  EXPECT_FALSE(encode_record_time("yesterday"));
}

TEST(DoorState, TheCaptureSaysDoorOneIsOpenLockedAndForcedOpen) {  // R21
  DoorStateRecord row{"2026-09-09 12:09:11", "02", "00", "0100000000000000", "01"};
  auto doors = decode_door_states(row, 1);
  ASSERT_EQ(doors.size(), 1u);
  EXPECT_EQ(doors[0].sensor, DoorState::Sensor::kOpen);
  EXPECT_EQ(doors[0].unlocked, false);
  EXPECT_EQ(doors[0].alarm, 1);
  EXPECT_EQ(alarm_names(doors[0].alarm), (std::vector<std::string_view>{"forced_open"}));
}

TEST(DoorState, FourDoorsTwoBitsEachAndShortFieldsLeaveTheRestUnknown) {
  // sensor 0b10'01'00'01: door 1 closed, 2 none, 3 closed, 4 open; relay: doors 2 and 3 released.
  DoorStateRecord row{"", "91", "06", "00120000", ""};
  auto doors = decode_door_states(row, 6);
  ASSERT_EQ(doors.size(), 6u);
  EXPECT_EQ(doors[0].sensor, DoorState::Sensor::kClosed);
  EXPECT_EQ(doors[1].sensor, DoorState::Sensor::kNone);
  EXPECT_EQ(doors[2].sensor, DoorState::Sensor::kClosed);
  EXPECT_EQ(doors[3].sensor, DoorState::Sensor::kOpen);
  EXPECT_EQ(doors[4].sensor, DoorState::Sensor::kUnknown);
  EXPECT_EQ(doors[0].unlocked, false);
  EXPECT_EQ(doors[1].unlocked, true);
  EXPECT_EQ(doors[2].unlocked, true);
  EXPECT_EQ(doors[5].unlocked, false);  // one relay byte covers eight doors
  EXPECT_EQ(doors[1].alarm, 0x12);
  EXPECT_EQ(alarm_names(doors[1].alarm), (std::vector<std::string_view>{"tamper", "held_open"}));
  EXPECT_EQ(doors[4].alarm, 0);
  EXPECT_EQ(sensor_name(doors[4].sensor), "unknown");
}

}  // namespace
}  // namespace zkpush::protocol::access
