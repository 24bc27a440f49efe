#include "protocol/query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zkpush::protocol {
namespace {

using namespace std::string_literals;

TEST(PercentDecode, DecodesEscapesInEitherCase) {
  EXPECT_EQ(percent_decode("middle%20east"), "middle east");
  EXPECT_EQ(percent_decode("a%2Cb%2cc"), "a,b,c");
  EXPECT_EQ(percent_decode("%41%62"), "Ab");
}

TEST(PercentDecode, PlusStaysPlus) { EXPECT_EQ(percent_decode("a+b"), "a+b"); }

TEST(PercentDecode, MalformedEscapesAreKeptLiterally) {
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%4"), "%4");
  EXPECT_EQ(percent_decode("%zz1"), "%zz1");
  EXPECT_EQ(percent_decode("%%41"), "%A");
}

TEST(PercentDecode, DecodesNul) { EXPECT_EQ(percent_decode("AB%00"), "AB\0"s); }

TEST(Query, KeysAreCaseInsensitive) {
  Query q = Query::parse("sn=ABC&Table=ATTLOG&STAMP=9999");
  EXPECT_EQ(q.get("SN"), "ABC");
  EXPECT_EQ(q.get("table"), "ATTLOG");
  EXPECT_EQ(q.get("Stamp"), "9999");
  EXPECT_FALSE(q.has("options"));
}

TEST(Query, RepeatedKeysKeepTheFirstValue) {
  Query q = Query::parse("SN=first&sn=second");
  EXPECT_EQ(q.get("SN"), "first");
  EXPECT_EQ(q.items().size(), 2u);
}

TEST(Query, ValuesArePercentDecodedAndNotTrimmed) {
  // Capture R26: INFO with %2C-separated values; 002:L333: "table= ATTLOG".
  Query q = Query::parse(
      "SN=NYU7253801246&INFO=ZAM70-NF24HA-Ver3.3.12%2C27%2C73&table=%20ATTLOG&DeviceType=middle%20east");
  EXPECT_EQ(q.get("INFO"), "ZAM70-NF24HA-Ver3.3.12,27,73");
  EXPECT_EQ(q.get("table"), " ATTLOG");
  EXPECT_EQ(q.get("DeviceType"), "middle east");
}

TEST(Query, RawSpacesSurvive) {
  // 000:L281 / ACC-05: firmware sends unencoded spaces.
  Query q = Query::parse("SN=xxxx&INFO=Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201");
  EXPECT_EQ(q.get("INFO"), "Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201");
}

TEST(Query, KeyWithoutEqualsHasEmptyValue) {
  Query q = Query::parse("options&SN=1");
  ASSERT_TRUE(q.has("options"));
  EXPECT_EQ(q.get("options"), "");
  EXPECT_EQ(q.get("SN"), "1");
}

TEST(Query, ValueMayContainEquals) {
  Query q = Query::parse("url=http://h/x?a=b&SN=1");
  EXPECT_EQ(q.get("url"), "http://h/x?a=b");
}

TEST(Query, EmptyItemsAndEmptyQueryAreIgnored) {
  EXPECT_TRUE(Query::parse("").items().empty());
  Query q = Query::parse("&&SN=1&&=orphan&");
  ASSERT_EQ(q.items().size(), 1u);
  EXPECT_EQ(q.items()[0].first, "SN");
  EXPECT_EQ(q.items()[0].second, "1");
}

TEST(Query, KeysAreTrimmed) {
  Query q = Query::parse(" SN =ABC");
  EXPECT_EQ(q.get("SN"), "ABC");
}

TEST(Query, ValueOrFallsBack) {
  Query q = Query::parse("SN=ABC");
  EXPECT_EQ(q.value_or("SN", "x"), "ABC");
  EXPECT_EQ(q.value_or("pushver", "none"), "none");
}

TEST(CleanSerialNumber, StripsNulPaddingAndBlanks) {
  EXPECT_EQ(clean_serial_number("CQZ7231360296"), "CQZ7231360296");
  EXPECT_EQ(clean_serial_number(" CQZ7231360296\t"), "CQZ7231360296");
  EXPECT_EQ(clean_serial_number("CQZ7231360296\0\0\0\0"s), "CQZ7231360296");
  EXPECT_EQ(clean_serial_number("\0\0ABC"s), "ABC");
}

TEST(CleanSerialNumber, DropsGarbageAfterTheTerminatingNul) {
  EXPECT_EQ(clean_serial_number("ABC\0junk"s), "ABC");
  EXPECT_EQ(clean_serial_number("\0\0\0"s), "");
  EXPECT_EQ(clean_serial_number(""), "");
}

TEST(CleanSerialNumber, WorksOnADecodedQuery) {
  Query q = Query::parse("SN=ABC123%00%00");
  EXPECT_EQ(clean_serial_number(q.value_or("SN", "")), "ABC123");
}

TEST(PercentDecode, AppendsAndKeepsMalformedEscapes) {
  std::string out = "x";
  append_percent_decoded("/iclock/a%20b%zz%4+%41%", out);
  EXPECT_EQ(out, "x/iclock/a b%zz%4+A%");
}

TEST(CheckSerialNumber, AcceptsRealSerialNumbers) {
  for (std::string_view sn : {"CQZ7231360296", "A39N203960051", "GER-0001", "SIM00001", "dev_1.a:b"})
    EXPECT_TRUE(check_serial_number(sn).ok()) << sn;
  EXPECT_TRUE(check_serial_number(std::string(kMaxSerialNumberLength, '7')).ok());
}

TEST(CheckSerialNumber, RefusesWhatCannotBeAnIdentity) {
  EXPECT_EQ(check_serial_number("").error().message, "missing SN");
  EXPECT_EQ(check_serial_number(std::string(kMaxSerialNumberLength + 1, '7')).error().message,
            "SN longer than 64 characters");
  EXPECT_EQ(check_serial_number("..").error().message, "SN starts with '.'");
  for (const std::string& sn : std::vector<std::string>{"../etc", "a/b", "a\\b", "a b", "a\tb", "a\rb", "a\nb", "a\0b"s, "a'b", "a\"b", "a%b",
                              "a;b", "\xC3\xA9"})
    EXPECT_FALSE(check_serial_number(sn).ok()) << testing::PrintToString(sn);
}

}  // namespace
}  // namespace zkpush::protocol
