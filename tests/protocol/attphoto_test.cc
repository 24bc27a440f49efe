// parse_attphoto: every ATTPHOTO shape of ACC-27/28 and AMB-26.
#include <gtest/gtest.h>

#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

using namespace std::string_literals;

// SOI, APP0 "JFIF" (with NUL bytes inside, as every JFIF has), EOI.
const std::string kJpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\xFF\xD9"s;

PhotoRecord photo(std::string_view body, std::string_view pin_param = "") {
  auto r = parse_attphoto(body, pin_param);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : PhotoRecord{};
}

TEST(Attphoto, HeaderNulAndBinaryJpeg) {
  auto p =
      photo("PIN=20150731103012-123.jpg\nSN=0316144680030\nsize=16\nCMD=uploadphoto\0"s + kJpeg);
  EXPECT_EQ(p.kind, PhotoKind::kAttendance);
  EXPECT_EQ(p.filename, "20150731103012-123.jpg");
  EXPECT_EQ(p.pin, "123");
  EXPECT_EQ(p.declared_size, 16);
  EXPECT_EQ(p.bytes, kJpeg);
}

TEST(Attphoto, CrlfHeaderAnyKeyCaseRealupload) {
  auto p = photo("pin=20150731103012-77\r\nsn=X\r\nSIZE=9512\r\nCMD=realupload\0"s + kJpeg,
                 "ignored.jpg");
  EXPECT_EQ(p.filename, "20150731103012-77");
  EXPECT_EQ(p.pin, "77");
  EXPECT_EQ(p.declared_size, 9512);
  EXPECT_EQ(p.bytes, kJpeg);
}

TEST(Attphoto, HeaderOnOneLineAsTheDocumentPrintsIt) {
  auto p =
      photo("PIN=20150731103012-123.jpg SN=0316144680030 size=9512 CMD=uploadphoto\0"s + kJpeg);
  EXPECT_EQ(p.filename, "20150731103012-123.jpg");
  EXPECT_EQ(p.declared_size, 9512);
  EXPECT_EQ(p.bytes, kJpeg);
}

TEST(Attphoto, Base64AfterNulIsDecoded) {
  std::string b64 = encode_base64(kJpeg);
  b64.insert(8, "\r\n");  // wrapped, as base64 often is
  auto p = photo("PIN=20150731103012-9.jpg\nSN=S\nsize=16\nCMD=uploadphoto\0"s + b64);
  EXPECT_EQ(p.pin, "9");
  EXPECT_EQ(p.bytes, kJpeg);
}

TEST(Attphoto, Base64AfterHeaderWithoutNul) {
  auto p =
      photo("PIN=20150731103012-9.jpg\nSN=S\nsize=16\nCMD=uploadphoto\n" + encode_base64(kJpeg));
  EXPECT_EQ(p.filename, "20150731103012-9.jpg");
  EXPECT_EQ(p.bytes, kJpeg);
}

TEST(Attphoto, RawJpeg003TakesNameFromUrl) {
  auto p = photo(kJpeg, "20150731103012-55.jpg");
  EXPECT_EQ(p.filename, "20150731103012-55.jpg");
  EXPECT_EQ(p.pin, "55");
  EXPECT_EQ(p.declared_size, std::nullopt);
  EXPECT_EQ(p.bytes, kJpeg);
  EXPECT_EQ(photo(kJpeg, "123").pin, "123");
}

TEST(Attphoto, PinFromEveryNameForm) {
  auto pin_of = [](std::string name) {
    return photo("PIN=" + name + "\nCMD=uploadphoto\0"s + kJpeg).pin;
  };
  EXPECT_EQ(pin_of("20150731103012-123.jpg"), "123");
  EXPECT_EQ(pin_of("20150731103012-123"), "123");
  EXPECT_EQ(pin_of("20150731103012.jpg"), "");  // verification failed
  EXPECT_EQ(pin_of("20160615093758-0-1457-210218199011304365.jpg"), "1457");
  EXPECT_EQ(pin_of("20160615093758-4-0-21021819901130436X.jpg"), "0");
  EXPECT_EQ(pin_of("20150731103012-abc123.jpg"), "abc123");
  EXPECT_EQ(pin_of("20150731103012-A-1.jpg"), "A-1");
}

TEST(Attphoto, HeaderWithoutPinUsesUrlName) {
  auto p = photo("SN=S\nsize=16\nCMD=uploadphoto\0"s + kJpeg, "20150731103012-4.jpg");
  EXPECT_EQ(p.filename, "20150731103012-4.jpg");
  EXPECT_EQ(p.pin, "4");
}

TEST(Attphoto, UnknownImageBytesAreKeptAsSent) {
  std::string bmp = "BM\x36\x00\x00\x00\x00\x00"s;
  auto after_header = photo("PIN=20150731103012-1.bmp\nCMD=uploadphoto\0"s + bmp);
  EXPECT_EQ(after_header.bytes, bmp);
  EXPECT_EQ(after_header.pin, "1");
  // Binary before the first NUL is not a header: the whole body is the image.
  auto no_header = photo(bmp, "x.bmp");
  EXPECT_EQ(no_header.bytes, bmp);
  EXPECT_EQ(no_header.filename, "x.bmp");
}

TEST(Attphoto, BadSizeIsIgnoredEmptyBodyFails) {
  auto p = photo("PIN=20150731103012-1.jpg\nsize=big\nCMD=uploadphoto\0"s + kJpeg);
  EXPECT_EQ(p.declared_size, std::nullopt);
  auto empty = parse_attphoto("", "1.jpg");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, Error::Kind::kInvalidInput);
}

TEST(Attphoto, HeaderOnlyGivesNoBytes) {
  auto p = photo("PIN=20150731103012-1.jpg\nSN=S\nsize=0\nCMD=uploadphoto\0"s);
  EXPECT_EQ(p.pin, "1");
  EXPECT_EQ(p.bytes, "");
}

}  // namespace
}  // namespace zkpush::protocol
