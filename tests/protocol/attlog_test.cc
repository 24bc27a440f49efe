// ATTLOG parsing on real captures (INDEX B8) and on every quirk upload.h
// promises to tolerate.
#include <gtest/gtest.h>

#include "capture.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

using ::zkpush::test::capture_body;
using Extra = std::vector<std::string>;

ParsedUpload attlog(std::string_view body) {
  ParsedUpload out;
  parse_attlog(body, out);
  return out;
}

void expect_punch(const AttlogRecord& r, std::string_view pin, std::string_view time, int status,
                  int verify) {
  EXPECT_EQ(r.pin, pin);
  EXPECT_EQ(r.time, time);
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.verify, verify);
}

TEST(AttlogCapture, R02SevenFieldsEmptyWorkcodeTrailingTab) {
  auto out = attlog(capture_body("R02"));
  ASSERT_EQ(out.attlogs.size(), 1u);
  EXPECT_EQ(out.lines, 1);
  EXPECT_TRUE(out.rejected.empty());
  const auto& r = out.attlogs[0];
  expect_punch(r, "1156", "2024-08-05 12:40:57", 1, 1);
  EXPECT_EQ(r.workcode, "");
  EXPECT_EQ(r.reserved1, "0");
  EXPECT_EQ(r.reserved2, "0");
  EXPECT_EQ(r.extra, Extra{});
}

TEST(AttlogCapture, R08AndR11SameShape) {
  auto r08 = attlog(capture_body("R08"));
  ASSERT_EQ(r08.attlogs.size(), 1u);
  expect_punch(r08.attlogs[0], "12", "2026-10-05 11:49:53", 1, 1);
  EXPECT_EQ(r08.attlogs[0].extra, Extra{});
  auto r11 = attlog(capture_body("R11"));
  ASSERT_EQ(r11.attlogs.size(), 1u);
  expect_punch(r11.attlogs[0], "1234", "2026-08-12 09:55:55", 0, 1);
  EXPECT_EQ(r11.lines, 1);
}

TEST(AttlogCapture, R09ElevenFieldsWithSequenceNumber) {
  auto out = attlog(capture_body("R09"));
  ASSERT_EQ(out.attlogs.size(), 6u);
  EXPECT_EQ(out.lines, 6);
  EXPECT_TRUE(out.rejected.empty());
  expect_punch(out.attlogs[0], "46", "2025-01-29 06:58:48", 0, 15);
  EXPECT_EQ(out.attlogs[0].workcode, "0");
  EXPECT_EQ(out.attlogs[0].extra, (Extra{"0", "0", "0", "10881"}));
  expect_punch(out.attlogs[1], "41", "2025-01-29 06:59:10", 0, 1);
  expect_punch(out.attlogs[5], "12", "2025-01-29 07:00:30", 0, 15);
  EXPECT_EQ(out.attlogs[5].extra, (Extra{"0", "0", "0", "10886"}));
}

TEST(AttlogCapture, R10CheckOutByFingerAndFace) {
  auto out = attlog(capture_body("R10"));
  ASSERT_EQ(out.attlogs.size(), 2u);
  expect_punch(out.attlogs[0], "8", "2025-01-29 12:10:17", 1, 1);
  expect_punch(out.attlogs[1], "36", "2025-01-29 12:11:56", 1, 15);
  EXPECT_EQ(out.attlogs[1].extra.back(), "10904");
}

TEST(AttlogCapture, R13CrlfLineEnds) {
  auto out = attlog(capture_body("R13"));
  ASSERT_EQ(out.attlogs.size(), 3u);
  EXPECT_EQ(out.lines, 3);
  EXPECT_TRUE(out.rejected.empty());
  expect_punch(out.attlogs[0], "1", "2024-07-28 01:25:24", 0, 1);
  expect_punch(out.attlogs[1], "1", "2024-07-28 10:41:21", 0, 1);
  expect_punch(out.attlogs[2], "4", "2024-07-28 10:41:31", 0, 1);
  for (const auto& r : out.attlogs) {
    EXPECT_EQ(r.reserved2, "0");
    EXPECT_EQ(r.extra, Extra{});
  }
}

TEST(AttlogCapture, R19Status255AndTrailingEmptyField) {
  auto out = attlog(capture_body("R19"));
  ASSERT_EQ(out.attlogs.size(), 2u);
  expect_punch(out.attlogs[0], "1", "2026-09-14 18:24:18", 255, 1);
  expect_punch(out.attlogs[1], "3", "2026-09-15 15:35:43", 255, 1);
  EXPECT_EQ(out.attlogs[0].extra, (Extra{"0", "0", "0"}));
}

TEST(AttlogCapture, R25NineFieldsNoFinalTerminatorSameSecond) {
  auto out = attlog(capture_body("R25"));
  ASSERT_EQ(out.attlogs.size(), 2u);
  EXPECT_EQ(out.lines, 2);
  expect_punch(out.attlogs[0], "2", "2026-06-21 09:00:00", 255, 15);
  expect_punch(out.attlogs[1], "2", "2026-06-21 09:00:00", 255, 1);
  EXPECT_EQ(out.attlogs[0].extra, (Extra{"0", "901"}));
  EXPECT_EQ(out.attlogs[1].extra, (Extra{"0", "902"}));
}

TEST(AttlogCapture, R31NonNumericPin) {
  auto out = attlog(capture_body("R31"));
  ASSERT_EQ(out.attlogs.size(), 1u);
  expect_punch(out.attlogs[0], "abc123", "2025-07-21 23:25:15", 0, 1);
  EXPECT_EQ(out.attlogs[0].extra, (Extra{"0", "0", "0", "6"}));
}

TEST(AttlogCapture, D05NineRecords) {
  auto out = attlog(capture_body("D05"));
  EXPECT_EQ(out.lines, 9);
  ASSERT_EQ(out.attlogs.size(), 9u);
  EXPECT_TRUE(out.rejected.empty());
  expect_punch(out.attlogs[0], "1452", "2015-07-30 15:16:28", 0, 1);
  expect_punch(out.attlogs[8], "8965", "2015-07-30 15:16:37", 0, 1);
  EXPECT_EQ(out.attlogs[8].reserved2, "0");
}

TEST(Attlog, SpaceSeparatedAsTheDocumentsPrintIt) {
  auto out = attlog("1452 2015-07-30 15:16:28 0 1 0 0 0\n8965   2015-07-30   15:16:37   4   15\n");
  ASSERT_EQ(out.attlogs.size(), 2u);
  expect_punch(out.attlogs[0], "1452", "2015-07-30 15:16:28", 0, 1);
  EXPECT_EQ(out.attlogs[0].workcode, "0");
  EXPECT_EQ(out.attlogs[0].reserved2, "0");
  expect_punch(out.attlogs[1], "8965", "2015-07-30 15:16:37", 4, 15);
  EXPECT_EQ(out.attlogs[1].workcode, "");
}

TEST(Attlog, IdCardFormWithTabBetweenDateAndTime) {
  // 004 §11.7's example: the date and the time in separate TAB fields.
  auto out = attlog("1452\t2015-07-30\t15:16:28\t0\t1\t0\t0\t0\t210218199105072345\t0\n");
  ASSERT_EQ(out.attlogs.size(), 1u);
  expect_punch(out.attlogs[0], "1452", "2015-07-30 15:16:28", 0, 1);
  EXPECT_EQ(out.attlogs[0].extra, (Extra{"210218199105072345", "0"}));
}

TEST(Attlog, SingleDigitTimePartsAreZeroPadded) {
  auto out = attlog("7\t2024-8-5 9:4:7\t1\t1");
  ASSERT_EQ(out.attlogs.size(), 1u);
  EXPECT_EQ(out.attlogs[0].time, "2024-08-05 09:04:07");
}

TEST(Attlog, MixedLineEndsAndBlankLines) {
  auto out = attlog(
      "\n\r\n1\t2024-01-01 00:00:01\t0\t1\r\n\n  \n\t\n2\t2024-01-01 00:00:02\t0\t1\n"
      "3\t2024-01-01 00:00:03\t0\t1\r4\t2024-01-01 00:00:04\t0\t1\r\r\n");
  EXPECT_EQ(out.lines, 4);
  ASSERT_EQ(out.attlogs.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(out.attlogs[i].pin, std::to_string(i + 1));
    EXPECT_EQ(out.attlogs[i].time, "2024-01-01 00:00:0" + std::to_string(i + 1));
  }
  EXPECT_TRUE(out.rejected.empty());
}

TEST(Attlog, TrailingTabsDroppedInnerEmptyFieldsKept) {
  auto out = attlog("7\t2024-01-01 08:00:00\t0\t1\t\t0\t0\t\t36.5\t\t\t\n");
  ASSERT_EQ(out.attlogs.size(), 1u);
  EXPECT_EQ(out.attlogs[0].extra, (Extra{"", "36.5"}));
}

TEST(Attlog, PinAndTimeAloneAreEnoughEmptyCodesAreZero) {
  auto out = attlog("5\t2024-01-01 08:00:00\n6\t2024-01-01 08:00:01\t\t\t\t\t\t\n");
  ASSERT_EQ(out.attlogs.size(), 2u);
  expect_punch(out.attlogs[0], "5", "2024-01-01 08:00:00", 0, 0);
  expect_punch(out.attlogs[1], "6", "2024-01-01 08:00:01", 0, 0);
  EXPECT_EQ(out.attlogs[1].workcode, "");
}

TEST(Attlog, NegativeAndLargeCodesAreKeptRaw) {
  auto out = attlog("5\t2024-01-01 08:00:00\t-1\t200\n");
  ASSERT_EQ(out.attlogs.size(), 1u);
  EXPECT_EQ(out.attlogs[0].status, -1);
  EXPECT_EQ(out.attlogs[0].verify, 200);
}

TEST(Attlog, BadLinesAreRejectedCountedAndKeptVerbatim) {
  const std::string bad_status = "5\t2024-01-01 08:00:00\tX\t1";
  const std::string bad_verify = "5\t2024-01-01 08:00:00\t0\tface";
  const std::string huge_status = "5\t2024-01-01 08:00:00\t99999999999\t1";
  const std::string bad_month = "5\t2024-13-01 08:00:00\t0\t1";
  const std::string pre_ntp = "5\t1971--10--29 -23:-27:-54\t0\t1";
  const std::string pin_only = "5";
  const std::string empty_pin = "\t2024-01-01 08:00:00\t0\t1";
  auto out = attlog(bad_status + "\n" + bad_verify + "\r\n" + huge_status + "\n" + bad_month +
                    "\n" + pre_ntp + "\n" + pin_only + "\n" + empty_pin + "\n" +
                    "9\t2024-01-01 08:00:00\t0\t1\n");
  EXPECT_EQ(out.lines, 8);
  ASSERT_EQ(out.attlogs.size(), 1u);
  EXPECT_EQ(out.attlogs[0].pin, "9");
  ASSERT_EQ(out.rejected.size(), 7u);
  EXPECT_EQ(out.rejected[0].line, bad_status);
  EXPECT_EQ(out.rejected[0].reason, "bad status: 'X'");
  EXPECT_EQ(out.rejected[1].line, bad_verify);
  EXPECT_EQ(out.rejected[1].reason, "bad verify: 'face'");
  EXPECT_EQ(out.rejected[2].reason, "bad status: '99999999999'");
  EXPECT_EQ(out.rejected[3].line, bad_month);
  EXPECT_EQ(out.rejected[3].reason, "bad time: '2024-13-01 08:00:00'");
  EXPECT_EQ(out.rejected[4].line, pre_ntp);
  EXPECT_EQ(out.rejected[5].reason, "ATTLOG needs PIN and time");
  EXPECT_EQ(out.rejected[6].line, empty_pin);
  EXPECT_EQ(out.rejected[6].reason, "empty PIN");
}

TEST(Attlog, RepeatedCallsAppend) {
  ParsedUpload out;
  parse_attlog("1\t2024-01-01 00:00:01\n", out);
  parse_attlog("2\t2024-01-01 00:00:02\n", out);
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.attlogs.size(), 2u);
  EXPECT_EQ(out.attlogs[1].pin, "2");
}

TEST(Attlog, EmptyBodyHasNoLines) {
  auto out = attlog("");
  EXPECT_EQ(out.lines, 0);
  EXPECT_TRUE(out.attlogs.empty());
  EXPECT_TRUE(out.rejected.empty());
}

}  // namespace
}  // namespace zkpush::protocol
