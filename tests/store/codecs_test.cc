// The JSON columns and the enum/ID spellings.

#include <gtest/gtest.h>

#include "store/sql/json_columns.h"
#include "store/sql/row_codecs.h"

namespace zkpush::store::sql {
namespace {

TEST(JsonColumnsTest, StringListRoundTripsEveryByte) {
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes += static_cast<char>(c);
  const std::vector<std::string> items = {"", "plain", all_bytes, "\"\\/", "\xe4\xb8\xad\xe6\x96\x87"};
  std::string json;
  encode_string_list(items, json);
  std::vector<std::string> back;
  ASSERT_TRUE(decode_string_list(json, back));
  EXPECT_EQ(back, items);

  json.clear();
  encode_string_list({"a\tb", std::string(1, '\0'), "\x1f"}, json);
  EXPECT_EQ(json, R"(["a\tb","\u0000","\u001f"])");
}

TEST(JsonColumnsTest, FieldsRoundTripWithOrderAndRepeatedKeys) {
  const protocol::Fields fields = {{"PIN", "1"}, {"Name", "A \"B\""}, {"PIN", "2"}, {"", ""}};
  std::string json;
  encode_fields(fields, json);
  EXPECT_EQ(json, R"([["PIN","1"],["Name","A \"B\""],["PIN","2"],["",""]])");
  protocol::Fields back;
  ASSERT_TRUE(decode_fields(json, back));
  EXPECT_EQ(back, fields);
}

TEST(JsonColumnsTest, DecodesStandardEscapesAndWhitespace) {
  std::vector<std::string> out;
  ASSERT_TRUE(decode_string_list(R"( [ "\u00e9" , "\ud83d\ude00", "\/\b\f\n\r" ] )", out));
  EXPECT_EQ(out, (std::vector<std::string>{"\xc3\xa9", "\xf0\x9f\x98\x80", "/\b\f\n\r"}));
  ASSERT_TRUE(decode_string_list("[]", out));
  EXPECT_TRUE(out.empty());
}

TEST(JsonColumnsTest, RejectsMalformedInput) {
  std::vector<std::string> list;
  protocol::Fields fields;
  for (const char* bad : {"", "[", "[\"a\"", "[\"a\",]", "[1]", "[\"\\x\"]", "[\"\\u12\"]", "[\"a\"] x",
                          "{\"a\":1}"}) {
    EXPECT_FALSE(decode_string_list(bad, list)) << bad;
  }
  EXPECT_FALSE(decode_fields(R"([["a"]])", fields));
  EXPECT_FALSE(decode_fields(R"([["a","b","c"]])", fields));
  EXPECT_FALSE(decode_fields(R"(["a","b"])", fields));
}

TEST(JsonColumnsTest, MergeUpdatesInPlaceAndAppendsNewKeys) {
  protocol::Fields base = {{"Expires", "0"}, {"Phone", "1"}, {"Phone", "1b"}};
  merge_fields(base, {{"Phone", "2"}, {"Email", "e"}, {"Email", "f"}});
  EXPECT_EQ(base, (protocol::Fields{{"Expires", "0"}, {"Phone", "2"}, {"Phone", "2"}, {"Email", "f"}}));
}

TEST(RowCodecsTest, CommandIdsAreCanonicalDecimal) {
  EXPECT_EQ(parse_command_id("1"), 1);
  EXPECT_EQ(parse_command_id("9999999999999999"), 9999999999999999LL);
  EXPECT_EQ(parse_command_id("123"), 123);
  for (const char* bad : {"", "0", "007", "-1", "+1", "1a", " 1", "12345678901234567", "abc"}) {
    EXPECT_EQ(parse_command_id(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(format_command_id(42), "42");
}

TEST(RowCodecsTest, EnumsRoundTripThroughText) {
  using protocol::PhotoKind;
  using protocol::TemplateKind;
  for (TemplateKind k : {TemplateKind::kFingerprint, TemplateKind::kFace, TemplateKind::kFingerVein,
                         TemplateKind::kBiodata}) {
    EXPECT_FALSE(template_kind_text(k).empty());
    EXPECT_EQ(template_kind_from_text(template_kind_text(k)), k);
  }
  for (PhotoKind k : {PhotoKind::kAttendance, PhotoKind::kUser, PhotoKind::kBiometric,
                      PhotoKind::kFingerprintImage}) {
    EXPECT_EQ(photo_kind_from_text(photo_kind_text(k)), k);
  }
  for (CommandStatus s : {CommandStatus::kQueued, CommandStatus::kSent, CommandStatus::kDone,
                          CommandStatus::kFailed, CommandStatus::kExpired}) {
    EXPECT_EQ(command_status_from_text(command_status_text(s)), s);
  }
  EXPECT_EQ(command_status_text(CommandStatus::kQueued), "queued");
  EXPECT_EQ(template_kind_from_text("FACE"), std::nullopt);
  EXPECT_EQ(photo_kind_from_text(""), std::nullopt);
}

TEST(RowCodecsTest, PhotoNaturalKeys) {
  protocol::PhotoRecord p;
  p.kind = protocol::PhotoKind::kAttendance;
  p.pin = "5";
  p.filename = "20240101-5.jpg";
  EXPECT_EQ(photo_dedupe_key(p), "20240101-5.jpg");
  p.kind = protocol::PhotoKind::kUser;
  EXPECT_EQ(photo_dedupe_key(p), "5");
  p.kind = protocol::PhotoKind::kBiometric;
  p.bio_type = 9;
  EXPECT_EQ(photo_dedupe_key(p), "9:5");
  p.pin = "";
  EXPECT_EQ(photo_dedupe_key(p), std::nullopt);
  p.kind = protocol::PhotoKind::kFingerprintImage;
  p.filename = "";
  EXPECT_EQ(photo_dedupe_key(p), std::nullopt);
}

}  // namespace
}  // namespace zkpush::store::sql
