// What an emulated terminal does on its own: the photo it takes is a JPEG
// whose segments are well formed, a person enrolling at the menu produces the
// lines firmware uploads (read back by the server's codec) and the operation
// log rows of 004 Appendix 3.
#include "sim/activity.h"

#include <gtest/gtest.h>

#include "protocol/upload.h"
#include "sim/synthetic.h"

namespace zkpush::sim {
namespace {

// Walks the marker segments of a baseline JPEG up to the scan; returns the
// markers seen, or an empty list when a length runs past the end.
std::vector<int> jpeg_markers(const std::string& jpeg) {
  std::vector<int> markers;
  std::size_t at = 2;
  while (at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at]) == 0xFF) {
    const int marker = static_cast<unsigned char>(jpeg[at + 1]);
    const std::size_t length =
        static_cast<unsigned char>(jpeg[at + 2]) * 256u + static_cast<unsigned char>(jpeg[at + 3]);
    if (at + 2 + length > jpeg.size()) return {};
    markers.push_back(marker);
    at += 2 + length;
    if (marker == 0xDA) break;  // entropy-coded data follows
  }
  return markers;
}

TEST(SimSynthetic, TinyJpegIsWellFormedAndUniquePerSeed) {
  const std::string a = tiny_jpeg("SIM00001|20261121083005-1.jpg");
  ASSERT_GE(a.size(), 4u);
  EXPECT_EQ(a.substr(0, 2), "\xFF\xD8");                     // SOI
  EXPECT_EQ(a.substr(a.size() - 2), "\xFF\xD9");             // EOI
  EXPECT_EQ(jpeg_markers(a), (std::vector<int>{0xE0, 0xFE, 0xDB, 0xC0, 0xC4, 0xC4, 0xDA}));
  EXPECT_NE(a, tiny_jpeg("SIM00001|20261121083006-1.jpg"));
  EXPECT_EQ(a, tiny_jpeg("SIM00001|20261121083005-1.jpg"));  // stable: tests can recompute it
  EXPECT_LT(a.size(), 250u);
}

TEST(SimSynthetic, BytesAreStableAndSeedDependent) {
  EXPECT_EQ(synthetic_bytes("x", 64), synthetic_bytes("x", 64));
  EXPECT_NE(synthetic_bytes("x", 64), synthetic_bytes("y", 64));
  EXPECT_EQ(synthetic_bytes("x", 1200).size(), 1200u);
}

protocol::UserRecord person(const std::string& pin, const std::string& name) {
  protocol::UserRecord u;
  u.pin = pin;
  u.name = name;
  u.card = std::string("4242");
  return u;
}

TEST(SimActivity, EnrolmentOn2x2FirmwareIsAUserAndAnFpLine) {
  TerminalDb db;
  auto lines = enrol_at_terminal(db, "SIM1", person("77", "Ana"), "2026-11-21 08:00:00", false);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].flag, "EnrollUser");
  EXPECT_EQ(lines[1].flag, "EnrollFP");
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(lines[0].line + "\n" + lines[1].line + "\n", parsed);
  ASSERT_TRUE(parsed.rejected.empty());
  ASSERT_EQ(parsed.users.size(), 1u);
  EXPECT_EQ(*parsed.users[0].name, "Ana");
  EXPECT_EQ(*parsed.users[0].card, "4242");
  ASSERT_EQ(parsed.templates.size(), 1u);
  EXPECT_EQ(parsed.templates[0].kind, protocol::TemplateKind::kFingerprint);
  EXPECT_EQ(parsed.templates[0].tmp, db.templates.at(0).tmp);
  // Appendix 3: 30 "enroll a new user", 6 "enroll fingerprint".
  ASSERT_EQ(db.oplogs.size(), 2u);
  EXPECT_EQ(db.oplogs[0].record.op_type, 30);
  EXPECT_EQ(db.oplogs[1].record.op_type, 6);
  EXPECT_EQ(db.oplogs[1].record.value1, "77");
  EXPECT_FALSE(db.oplogs[0].uploaded);
}

TEST(SimActivity, EnrolmentOnBiodataFirmwareSendsFingerAndFaceAsBiodata) {
  TerminalDb db;
  auto lines = enrol_at_terminal(db, "SIM1", person("8", "Bo"), "2026-11-21 08:00:00", true);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].table, "OPERLOG");
  EXPECT_EQ(lines[1].table, "BIODATA");
  EXPECT_EQ(lines[2].flag, "FACE");
  protocol::ParsedUpload parsed;
  protocol::parse_table("BIODATA", lines[1].line + "\n" + lines[2].line + "\n", parsed);
  ASSERT_TRUE(parsed.rejected.empty());
  ASSERT_EQ(parsed.templates.size(), 2u);
  EXPECT_EQ(parsed.templates[0].bio_type, 1);
  EXPECT_EQ(parsed.templates[1].bio_type, 9);
  EXPECT_EQ(db.templates.size(), 2u);
}

TEST(SimActivity, AttendancePhotoIsNamedAfterThePunch) {
  protocol::AttlogRecord punch;
  punch.pin = "12";
  punch.time = "2026-11-21 08:30:05";
  auto photo = attendance_photo(punch, "SIM1");
  EXPECT_EQ(photo.filename, "20261121083005-12.jpg");  // 000:L221, DATETIME-PIN
  EXPECT_EQ(photo.bytes, tiny_jpeg("SIM1|20261121083005-12.jpg"));
  EXPECT_EQ(photo.declared_size, static_cast<int64_t>(photo.bytes.size()));
}

}  // namespace
}  // namespace zkpush::sim
