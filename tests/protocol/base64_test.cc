// decode_base64 / encode_base64.
#include <gtest/gtest.h>

#include "capture.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

std::string decoded(std::string_view text) {
  auto r = decode_base64(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? r.value() : std::string("<error>");
}

std::string failure(std::string_view text) {
  auto r = decode_base64(text);
  return r.ok() ? std::string("<ok>") : r.error().message;
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, b64] : vectors) {
    EXPECT_EQ(encode_base64(plain), b64);
    EXPECT_EQ(decoded(b64), plain);
  }
}

TEST(Base64, AllByteValuesRoundTrip) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  std::string b64 = encode_base64(bytes);
  EXPECT_EQ(b64.substr(0, 8), "AAECAwQF");
  EXPECT_EQ(b64.substr(b64.size() - 8), "/P3+/w==");  // '+' and '/' both used
  EXPECT_EQ(decoded(b64), bytes);
}

TEST(Base64, WhitespaceSkippedPaddingOptional) {
  EXPECT_EQ(decoded(" Zm9v\r\nYm\tFy \n"), "foobar");
  EXPECT_EQ(decoded("Zm9vYg"), "foob");
  EXPECT_EQ(decoded("Zm9vYmE"), "fooba");
  EXPECT_EQ(decoded("Zm9vYg= ="), "foob");
  EXPECT_EQ(decoded("AAAAAAAAAA"), std::string(7, '\0'));  // 004 §11.13's example
}

TEST(Base64, InvalidInputFails) {
  EXPECT_EQ(failure("Zm9v*mFy"), "base64: invalid character");
  EXPECT_EQ(failure("Zm9v\\/mFy"), "base64: invalid character");  // R14's JSON escape
  EXPECT_EQ(failure("Zm9v-_"), "base64: invalid character");      // URL-safe alphabet
  EXPECT_EQ(failure("Zg==Zg=="), "base64: data after padding");
  EXPECT_EQ(failure("Zm9vY"), "base64: truncated group");
  EXPECT_EQ(failure(std::string("Zm\0v", 4)), "base64: invalid character");
}

TEST(Base64, ManifestBodiesEqualHttpFileBodies) {
  // Checks the decoder on real data and the two capture loaders against each other.
  for (const char* id : {"R02", "R09", "R13", "R14", "R18", "R21", "R25", "D02", "D05", "R20"}) {
    std::string from_manifest = ::zkpush::test::manifest_body(id);
    EXPECT_FALSE(from_manifest.empty()) << id;
    EXPECT_EQ(from_manifest, ::zkpush::test::capture_body(id)) << id;
  }
}

}  // namespace
}  // namespace zkpush::protocol
