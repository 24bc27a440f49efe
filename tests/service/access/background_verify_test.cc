// Background verification's answers (CN24 §13): time zones at a given
// local time, holidays, blocked persons, and the reply's lines.
#include "service/access/background_verify.h"

#include <gtest/gtest.h>

namespace zkpush::service::access {
namespace {

std::tm at(int year, int month, int day, int hour, int minute) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = month - 1;
  t.tm_mday = day;
  t.tm_hour = hour;
  t.tm_min = minute;
  t.tm_isdst = -1;
  std::mktime(&t);  // fills tm_wday
  return t;
}

const store::TimeZoneRow kOffice{1, "Office", R"({"mon": [["08:00", "12:00"], ["13:00", "18:00"]], "hol1": [["10:00", "11:00"]]})"};

TEST(BackgroundVerify, ATimeZoneIsOpenInItsIntervalsAndOnAHolidayInItsHolidaySchedule) {
  EXPECT_TRUE(time_zone_open(kOffice, {}, at(2026, 12, 7, 8, 0)));    // a Monday
  EXPECT_FALSE(time_zone_open(kOffice, {}, at(2026, 12, 7, 12, 30)));  // lunch
  EXPECT_TRUE(time_zone_open(kOffice, {}, at(2026, 12, 7, 17, 59)));
  EXPECT_FALSE(time_zone_open(kOffice, {}, at(2026, 12, 7, 18, 0)));   // the end is not in it
  EXPECT_FALSE(time_zone_open(kOffice, {}, at(2026, 12, 8, 9, 0)));    // Tuesday: closed
  const std::vector<store::HolidayRow> holidays{{1, "2025-12-07", 1, true, "yearly"}};
  EXPECT_FALSE(time_zone_open(kOffice, holidays, at(2026, 12, 7, 9, 0)));  // a holiday: hol1 only
  EXPECT_TRUE(time_zone_open(kOffice, holidays, at(2026, 12, 7, 10, 30)));
}

TEST(BackgroundVerify, APersonPassesWithALevelOfThisDoorOpenNowAndNotBlocked) {
  store::AccessRights rights;
  rights.time_zones = {kOffice};
  rights.levels = {{5, "Staff", 1, {{42, 2}}}};
  rights.grants = {{7, 5}};
  const auto monday_nine = at(2026, 12, 7, 9, 0);
  EXPECT_TRUE(may_pass(rights, 7, 42, 2, monday_nine));
  EXPECT_FALSE(may_pass(rights, 7, 42, 1, monday_nine));  // another door
  EXPECT_FALSE(may_pass(rights, 8, 42, 2, monday_nine));  // no level
  EXPECT_FALSE(may_pass(rights, 7, 42, 2, at(2026, 12, 8, 9, 0)));
  rights.blocked = {7};
  EXPECT_FALSE(may_pass(rights, 7, 42, 2, monday_nine));
}

TEST(BackgroundVerify, TheReplyRepeatsTheRecordAndOpensTheDoorWhenItPasses) {
  const std::string record = "time=2026-12-07 09:00:00\tpin=7\tcardno=0\taddrtype=2\teventaddr=2\tevent=223";
  EXPECT_EQ(verification_reply(true, record, 2), "AUTH=SUCCEED\r\n" + record + "\r\nCONTROL DEVICE 01020105\r\n");
  EXPECT_EQ(verification_reply(false, record, 2), "AUTH=FAILED\r\n" + record + "\r\n");
}

}  // namespace
}  // namespace zkpush::service::access
