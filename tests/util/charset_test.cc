#include "util/charset.h"

#include <gtest/gtest.h>

#include <string>

namespace zkpush {
namespace {

TEST(Utf8, WellFormedSequencesAreValid) {
  for (const char* text : {"", "plain", "Zo\xC3\xAB", "\xE5\xBC\xA0\xE4\xB8\x89", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
                           "\xED\x9F\xBF", "\xEE\x80\x80"})
    EXPECT_TRUE(is_valid_utf8(text)) << text;
}

// Found by fuzz/charset_fuzz.cc: overlong forms, surrogates and code points
// above U+10FFFF passed as UTF-8, were stored as sent, and JSON readers of the
// API refused them.
TEST(Utf8, OverlongSurrogatesAndBeyondU10FFFFAreInvalid) {
  for (const char* text : {"\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF0\x80\x80\xAF",
                           "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF", "\xC3", "\x80"})
    EXPECT_FALSE(is_valid_utf8(text)) << testing::PrintToString(std::string(text));
}

TEST(Utf8, WhatIsNotUtf8IsReadAsLatin1) {
  EXPECT_EQ(to_utf8("Name=\xC0\x80", Charset::kUtf8), "Name=\xC3\x80\xC2\x80");
  EXPECT_EQ(to_utf8("Zo\xC3\xAB", Charset::kUtf8), "Zo\xC3\xAB");
  EXPECT_EQ(to_utf8("\xD5\xC5\xFF", Charset::kGb2312), "\xE5\xBC\xA0\xEF\xBF\xBD");
}

}  // namespace
}  // namespace zkpush
