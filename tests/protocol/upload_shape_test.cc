// check_upload_shape: the line limits every text upload is held to.
#include <gtest/gtest.h>

#include <string>

#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

TEST(UploadShape, RealBodiesPass) {
  EXPECT_TRUE(check_upload_shape("").ok());
  EXPECT_TRUE(check_upload_shape("1\t2024-01-01 00:00:00\t0\t1\r\n2\t2024-01-01 00:00:01\t0\t1\r\n").ok());
}

TEST(UploadShape, LineCountIncludesBlankLinesAndEveryLineEnd) {
  EXPECT_TRUE(check_upload_shape(std::string(kMaxUploadLines, '\n')).ok());
  auto over = check_upload_shape(std::string(kMaxUploadLines, '\n') + "x");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, Error::Kind::kTooLarge);
  EXPECT_EQ(over.error().message, "upload has 200001 lines, more than 200000");
  EXPECT_FALSE(check_upload_shape(std::string(kMaxUploadLines + 1, '\r')).ok());  // lone CRs end lines too
}

TEST(UploadShape, LongestLineIsChecked) {
  EXPECT_TRUE(check_upload_shape("a\n" + std::string(kMaxLineBytes, 'A') + "\r\nb").ok());
  auto over = check_upload_shape("a\n" + std::string(kMaxLineBytes + 1, 'A'));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, Error::Kind::kTooLarge);
  EXPECT_EQ(over.error().message, "upload has a line of 1048577 bytes, more than 1048576");
}

}  // namespace
}  // namespace zkpush::protocol
