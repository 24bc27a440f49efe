// The tagged key=value splitter (kv_line.h) and record times (record_time.h).
#include "protocol/kv_line.h"

#include <gtest/gtest.h>

#include "protocol/positional.h"
#include "protocol/record_time.h"

namespace zkpush::protocol {
namespace {

Fields kv(std::string_view text) { return to_fields(split_kv_fields(text)); }

TEST(KvLine, SplitTag) {
  auto t = split_tag("USER PIN=1\tName=A");
  EXPECT_EQ(t.tag, "USER");
  EXPECT_EQ(t.rest, "PIN=1\tName=A");
  t = split_tag("ERRORLOG    ErrCode=1");
  EXPECT_EQ(t.tag, "ERRORLOG");
  EXPECT_EQ(t.rest, "ErrCode=1");
  t = split_tag("PIN=1\tName=A");
  EXPECT_EQ(t.tag, "");
  EXPECT_EQ(t.rest, "PIN=1\tName=A");
  t = split_tag("time=2026-09-09 12:09:10\tpin=1");
  EXPECT_EQ(t.tag, "");
  t = split_tag("FACE");
  EXPECT_EQ(t.tag, "FACE");
  EXPECT_EQ(t.rest, "");
}

TEST(KvLine, TabsAndSpaceBeforeKey) {
  EXPECT_EQ(kv("PIN=1\tValid=1 TMP=QUJD=="),
            (Fields{{"PIN", "1"}, {"Valid", "1"}, {"TMP", "QUJD=="}}));
  EXPECT_EQ(kv("Name=Zhang San Pri=0"), (Fields{{"Name", "Zhang San"}, {"Pri", "0"}}));
  EXPECT_EQ(kv("~Key=1 _k2=2 a3=3"), (Fields{{"~Key", "1"}, {"_k2", "2"}, {"a3", "3"}}));
  // A digit cannot start a key: "Name=Room 101=x" keeps its text.
  EXPECT_EQ(kv("Name=Room 101=x"), (Fields{{"Name", "Room 101=x"}}));
  // Documented limit: " word=" inside a value starts a new field.
  EXPECT_EQ(kv("Name=A B=C"), (Fields{{"Name", "A"}, {"B", "C"}}));
}

TEST(KvLine, EmptyFieldsDroppedValuesTrimmedFirstEqualSplits) {
  EXPECT_EQ(kv("\tA=1\t\tB=\t \tC= x \t"), (Fields{{"A", "1"}, {"B", ""}, {"C", "x"}}));
  EXPECT_EQ(kv("TMP=a=b=="), (Fields{{"TMP", "a=b=="}}));
  EXPECT_EQ(kv("lonely\tA=1"), (Fields{{"lonely", ""}, {"A", "1"}}));
  EXPECT_TRUE(kv("").empty());
}

TEST(KvLine, FindIgnoresCaseReadIntValidates) {
  KvViews f = split_kv_fields("Pin=7\tSIZE=12\tValid=\tFID=x");
  EXPECT_EQ(find_kv(f, "PIN"), "7");
  EXPECT_EQ(find_kv(f, "size"), "12");
  EXPECT_EQ(find_kv(f, "TMP"), std::nullopt);
  int size = 0, valid = 1, fid = 0, absent = 5;
  EXPECT_TRUE(read_int_kv(f, "Size", size).ok());
  EXPECT_EQ(size, 12);
  EXPECT_TRUE(read_int_kv(f, "Valid", valid).ok());
  EXPECT_EQ(valid, 1);
  EXPECT_TRUE(read_int_kv(f, "Absent", absent).ok());
  EXPECT_EQ(absent, 5);
  Status s = read_int_kv(f, "FID", fid);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "bad FID: 'x'");
}

TEST(RecordTime, NormalisesAndRejects) {
  EXPECT_EQ(normalize_record_time("2024-08-05 12:40:57"), "2024-08-05 12:40:57");
  EXPECT_EQ(normalize_record_time("2024-8-5 9:4:7"), "2024-08-05 09:04:07");
  EXPECT_EQ(normalize_record_time("2015-07-30\t15:16:28"), "2015-07-30 15:16:28");
  EXPECT_EQ(normalize_record_time("2015-07-30   15:16:28"), "2015-07-30 15:16:28");
  for (const char* bad :
       {"", "2024-08-05", "2024-08-0512:40:57", "24-08-05 12:40:57", "2024-008-05 12:40:57",
        "2024-13-05 12:40:57", "2024-00-05 12:40:57", "2024-08-32 12:40:57", "2024-08-05 24:00:00",
        "2024-08-05 12:60:00", "2024-08-05 12:40:60", "2024-08-05 12:40:57 ",
        "1971--10--29 -23:-27:-54", "2015-07-30 15: 16: 28", "2024/08/05 12:40:57"}) {
    EXPECT_EQ(normalize_record_time(bad), std::nullopt) << bad;
    EXPECT_FALSE(is_record_time(bad)) << bad;
  }
}

TEST(Positional, TabSpaceAndSplitDateTime) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(split_positional("1\t2024-01-01 00:00:00\t\t1\t\t", 1),
            (V{"1", "2024-01-01 00:00:00", "", "1"}));
  EXPECT_EQ(split_positional("  1  2024-01-01  00:00:00 0 ", 1),
            (V{"1", "2024-01-01  00:00:00", "0"}));
  EXPECT_EQ(split_positional("1\t2024-01-01\t00:00:00\t0", 1),
            (V{"1", "2024-01-01\t00:00:00", "0"}));
  EXPECT_EQ(split_positional("\t2024-01-01 00:00:00", 1), (V{"", "2024-01-01 00:00:00"}));
  EXPECT_EQ(split_positional("1 2 3", 1), (V{"1", "2", "3"}));
  EXPECT_TRUE(split_positional("", 1).empty());
}

}  // namespace
}  // namespace zkpush::protocol
