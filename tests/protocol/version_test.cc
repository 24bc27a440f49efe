#include "protocol/version.h"

#include <gtest/gtest.h>

namespace zkpush::protocol {
namespace {

void expect_version(std::string_view text, int major, int minor, int patch) {
  SCOPED_TRACE(text);
  auto v = parse_push_version(text);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->major, major);
  EXPECT_EQ(v->minor, minor);
  EXPECT_EQ(v->patch, patch);
}

TEST(ParsePushVersion, FormsSeenOnTheWire) {
  expect_version("2.4.1", 2, 4, 1);                   // R15
  expect_version("2.2.14", 2, 2, 14);                 // D01
  expect_version("3.0.1", 3, 0, 1);                   // D10
  expect_version("Ver 2.0.33S-20220623", 2, 0, 33);   // R27 PushVersion
  expect_version("Ver 3.0.4S-20240809", 3, 0, 4);     // R20
  expect_version("3.1.2S", 3, 1, 2);                  // B5 menu
  expect_version("2.4", 2, 4, 0);
  expect_version("4", 4, 0, 0);
  expect_version(" 2.1.1 ", 2, 1, 1);                 // 002:L203
  expect_version("2.4.1.9", 2, 4, 1);
  expect_version("2.", 2, 0, 0);
}

TEST(ParsePushVersion, NoDigitsIsNoVersion) {
  EXPECT_FALSE(parse_push_version("").has_value());
  EXPECT_FALSE(parse_push_version("None").has_value());
  EXPECT_FALSE(parse_push_version("Ver .").has_value());
}

TEST(ParsePushVersion, HugeNumbersDoNotOverflow) {
  auto v = parse_push_version("99999999999999999999.1");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->major, 1'000'000'000);
  EXPECT_EQ(v->minor, 1);
}

TEST(AcksWithCount, From2_2_14Up) {  // AMB-18
  EXPECT_FALSE(acks_with_count(""));
  EXPECT_FALSE(acks_with_count("2.1.1"));
  EXPECT_FALSE(acks_with_count("2.2.13"));
  EXPECT_FALSE(acks_with_count("Ver 2.0.33S-20220623"));
  EXPECT_TRUE(acks_with_count("2.2.14"));
  EXPECT_TRUE(acks_with_count("2.4.0"));  // R01, R05 accepted "OK: 2"
  EXPECT_TRUE(acks_with_count("3.0.1"));
}

TEST(IsLegacy, OnlyWithoutPushver) {  // AMB-39
  EXPECT_TRUE(is_legacy(""));
  EXPECT_TRUE(is_legacy("  "));
  EXPECT_FALSE(is_legacy("2.1.1"));
  EXPECT_FALSE(is_legacy("2.4.1"));
}

TEST(NeedsRegistry, Push3OrAccessControl) {
  EXPECT_TRUE(needs_registry("3.0.1", ""));      // D10
  EXPECT_TRUE(needs_registry("", "acc"));        // B4
  EXPECT_TRUE(needs_registry("2.4.1", "ACC"));
  EXPECT_TRUE(needs_registry("Ver 3.0.4S-20240809", "acc"));  // R20
  EXPECT_FALSE(needs_registry("2.4.1", "att"));  // B5: SenseFace 3A speaks 2.x
  EXPECT_FALSE(needs_registry("2.4.0", "middle east"));  // R07
  EXPECT_FALSE(needs_registry("", ""));
  // A named type decides; pushver only for a device that names none.
  EXPECT_FALSE(needs_registry("3.0.1", "att"));  // LX35: attendance firmware announcing 3.0.1
  EXPECT_FALSE(needs_registry("4.0.1", "30"));   // D09: a canteen terminal
}

TEST(SpeaksAccess, RegisteredOrAnnouncedAndAttWins) {
  EXPECT_TRUE(speaks_access(false, "3.1.2", ""));
  EXPECT_TRUE(speaks_access(true, "2.4.1", ""));  // registered on file
  EXPECT_FALSE(speaks_access(true, "3.1.2", "att"));  // switched to attendance PUSH
  EXPECT_FALSE(speaks_access(false, "4.0.1", "30"));
  EXPECT_FALSE(speaks_access(false, "2.4.1", ""));
}

}  // namespace
}  // namespace zkpush::protocol
