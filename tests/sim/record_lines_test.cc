// The emulator's upload lines, byte for byte, and read back by the server's
// codec (protocol/upload.h) to the records they came from: the proof that
// what the emulator says is what the server understands.
#include "sim/record_lines.h"

#include <gtest/gtest.h>

#include "protocol/upload.h"
#include "executor_test_util.h"

namespace zkpush::sim {
namespace {

using namespace std::string_literals;
using protocol::TemplateKind;
using protocol::TemplateRecord;
using exec_test::make_fp;

protocol::AttlogRecord full_attlog() {
  protocol::AttlogRecord a;
  a.pin = "abc123";
  a.time = "2025-07-21 23:25:15";
  a.status = 255;
  a.verify = 15;
  a.workcode = "7";
  a.reserved1 = "0";
  a.reserved2 = "0";
  a.extra = {"0", "36.5", "97.7", "6"};
  return a;
}

protocol::UserRecord full_user() {
  protocol::UserRecord u;
  u.pin = "1";
  u.name = "Zhang San";
  u.privilege = "14";
  u.password = "123";
  u.card = "196793";
  u.group = "2";
  u.tz = "0001000200000000";
  u.verify = "15";
  u.vice_card = "42";
  u.start_datetime = "20240101";
  u.end_datetime = "20241231";
  u.extra = {{"Expires", "1"}};
  return u;
}

void expect_same(const protocol::AttlogRecord& a, const protocol::AttlogRecord& b) {
  EXPECT_EQ(a.pin, b.pin);
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.verify, b.verify);
  EXPECT_EQ(a.workcode, b.workcode);
  EXPECT_EQ(a.reserved1, b.reserved1);
  EXPECT_EQ(a.reserved2, b.reserved2);
  EXPECT_EQ(a.extra, b.extra);
}

void expect_same(const protocol::UserRecord& a, const protocol::UserRecord& b) {
  EXPECT_EQ(a.pin, b.pin);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.privilege, b.privilege);
  EXPECT_EQ(a.password, b.password);
  EXPECT_EQ(a.card, b.card);
  EXPECT_EQ(a.group, b.group);
  EXPECT_EQ(a.tz, b.tz);
  EXPECT_EQ(a.verify, b.verify);
  EXPECT_EQ(a.vice_card, b.vice_card);
  EXPECT_EQ(a.start_datetime, b.start_datetime);
  EXPECT_EQ(a.end_datetime, b.end_datetime);
  EXPECT_EQ(a.extra, b.extra);
}

void expect_same(const TemplateRecord& a, const TemplateRecord& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.pin, b.pin);
  EXPECT_EQ(a.bio_type, b.bio_type);
  EXPECT_EQ(a.no, b.no);
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.valid, b.valid);
  EXPECT_EQ(a.duress, b.duress);
  EXPECT_EQ(a.major_ver, b.major_ver);
  EXPECT_EQ(a.minor_ver, b.minor_ver);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.tmp, b.tmp);
  // Size is the TMP's length, except on BIODATA lines, which have none (004 §11.12).
  if (a.kind == TemplateKind::kBiodata)
    EXPECT_EQ(b.size, std::nullopt);
  else
    EXPECT_EQ(b.size, static_cast<int>(a.tmp.size()));
}

TEST(SimRecordLines, AttlogLineIsTabSeparatedLikeR31) {
  EXPECT_EQ(attlog_line(full_attlog()), "abc123\t2025-07-21 23:25:15\t255\t15\t7\t0\t0\t0\t36.5\t97.7\t6");
  protocol::AttlogRecord seven = exec_test::make_attlog("1160", "2024-08-05 16:08:50");
  EXPECT_EQ(attlog_line(seven), "1160\t2024-08-05 16:08:50\t0\t1\t\t\t");
}

TEST(SimRecordLines, AttlogRoundTripsThroughTheServerCodec) {
  std::vector<protocol::AttlogRecord> records = {full_attlog(), exec_test::make_attlog("7", "2024-01-02 03:04:05")};
  records[1].workcode = "12";
  std::vector<std::string> lines;
  for (const auto& r : records) lines.push_back(attlog_line(r));
  protocol::ParsedUpload parsed;
  protocol::parse_attlog(join_lines(lines), parsed);
  ASSERT_TRUE(parsed.rejected.empty());
  ASSERT_EQ(parsed.attlogs.size(), 2u);
  EXPECT_EQ(parsed.lines, 2);
  for (std::size_t i = 0; i < records.size(); ++i) expect_same(records[i], parsed.attlogs[i]);
}

TEST(SimRecordLines, OplogLineAndRoundTrip) {
  protocol::OplogRecord op{70, "0", "2024-08-05 16:08:50", "1157", "0", "0", "0"};
  EXPECT_EQ(oplog_line(op), "OPLOG 70\t0\t2024-08-05 16:08:50\t1157\t0\t0\t0");
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(oplog_line(op) + "\n", parsed);
  ASSERT_EQ(parsed.oplogs.size(), 1u);
  const auto& back = parsed.oplogs[0];
  EXPECT_EQ(back.op_type, 70);
  EXPECT_EQ(back.op_who, "0");
  EXPECT_EQ(back.time, op.time);
  EXPECT_EQ(back.value1, "1157");
  EXPECT_EQ(back.reserved, "0");
}

TEST(SimRecordLines, UserLineCarriesEveryKeyInR32Order) {
  EXPECT_EQ(user_line(full_user()),
            "USER PIN=1\tName=Zhang San\tPri=14\tPasswd=123\tCard=196793\tGrp=2\tTZ=0001000200000000\tVerify=15"
            "\tViceCard=42\tStartDatetime=20240101\tEndDatetime=20241231\tExpires=1");
  // What the terminal was never told goes out with the device's defaults (R32).
  protocol::UserRecord bare;
  bare.pin = "1";
  bare.name = "Ali";
  EXPECT_EQ(user_line(bare),
            "USER PIN=1\tName=Ali\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000100000000\tVerify=-1\tViceCard=");
}

TEST(SimRecordLines, UserRoundTripsThroughOperlogAndUserinfoTables) {
  const protocol::UserRecord u = full_user();
  protocol::ParsedUpload operlog;
  protocol::parse_operlog(user_line(u) + "\n", operlog);
  ASSERT_EQ(operlog.users.size(), 1u);
  expect_same(u, operlog.users[0]);
}

TEST(SimRecordLines, TemplateLinesUseEachSectionsSpelling) {
  TemplateRecord fp = make_fp("1160", 3, "TfdTAA==");
  EXPECT_EQ(template_line(fp), "FP PIN=1160\tFID=3\tSize=8\tValid=1\tTMP=TfdTAA==");
  TemplateRecord face = fp;
  face.kind = TemplateKind::kFace;
  face.bio_type = 2;
  face.no = 0;
  EXPECT_EQ(template_line(face), "FACE PIN=1160\tFID=0\tSIZE=8\tVALID=1\tTMP=TfdTAA==");
  TemplateRecord vein = fp;
  vein.kind = TemplateKind::kFingerVein;
  vein.bio_type = 7;
  vein.index = 2;
  EXPECT_EQ(template_line(vein), "FVEIN Pin=1160\tFID=3\tIndex=2\tSize=8\tValid=1\tTmp=TfdTAA==");
  TemplateRecord bio = fp;
  bio.kind = TemplateKind::kBiodata;
  bio.bio_type = 1;
  bio.no = 6;
  bio.major_ver = "13";
  bio.minor_ver = "0";
  EXPECT_EQ(template_line(bio),
            "BIODATA Pin=1160\tNo=6\tIndex=0\tValid=1\tDuress=0\tType=1\tMajorVer=13\tMinorVer=0\tFormat=0"
            "\tTmp=TfdTAA==");
}

TEST(SimRecordLines, TemplatesRoundTripThroughOperlogAndBiodataTables) {
  std::vector<TemplateRecord> templates;
  templates.push_back(make_fp("1", 9, "QUJDREVGR0g="));
  TemplateRecord face = make_fp("2", 0, "RkFDRQ==");
  face.kind = TemplateKind::kFace;
  face.bio_type = 2;
  templates.push_back(face);
  TemplateRecord vein = make_fp("3", 4, "VkVJTg==");
  vein.kind = TemplateKind::kFingerVein;
  vein.bio_type = 7;
  vein.index = 1;
  vein.valid = 0;
  templates.push_back(vein);
  std::vector<std::string> lines;
  for (const auto& t : templates) lines.push_back(template_line(t));
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(join_lines(lines), parsed);
  ASSERT_TRUE(parsed.rejected.empty());
  ASSERT_EQ(parsed.templates.size(), 3u);
  for (std::size_t i = 0; i < templates.size(); ++i) expect_same(templates[i], parsed.templates[i]);

  TemplateRecord bio = make_fp("4", 6, "QklPREFUQQ==");
  bio.kind = TemplateKind::kBiodata;
  bio.bio_type = 9;
  bio.index = 2;
  bio.duress = 1;
  bio.major_ver = "40";
  bio.minor_ver = "1";
  bio.format = "0";
  protocol::ParsedUpload table;
  protocol::parse_table("BIODATA", template_line(bio) + "\n", table);
  ASSERT_EQ(table.templates.size(), 1u);
  expect_same(bio, table.templates[0]);
}

TEST(SimRecordLines, PhotosRoundTrip) {
  const std::string jpeg = "\xFF\xD8\xFF\xE0 fake jpeg \x00\x01\xFF\xD9"s;
  const std::string content = protocol::encode_base64(jpeg);
  EXPECT_EQ(user_photo_line("12", jpeg),
            "USERPIC PIN=12\tFileName=12.jpg\tSize=" + std::to_string(content.size()) + "\tContent=" + content);
  protocol::PhotoRecord bio{protocol::PhotoKind::kBiometric, "12", "", 9, std::nullopt, jpeg};
  EXPECT_EQ(biophoto_line(bio), "BIOPHOTO PIN=12\tFileName=12.jpg\tType=9\tSize=" + std::to_string(content.size()) +
                                    "\tContent=" + content);

  protocol::ParsedUpload parsed;
  protocol::parse_operlog(join_lines({user_photo_line("12", jpeg), biophoto_line(bio)}), parsed);
  ASSERT_EQ(parsed.photos.size(), 2u);
  EXPECT_EQ(parsed.photos[0].kind, protocol::PhotoKind::kUser);
  EXPECT_EQ(parsed.photos[0].pin, "12");
  EXPECT_EQ(parsed.photos[0].filename, "12.jpg");
  EXPECT_EQ(parsed.photos[0].bytes, jpeg);
  EXPECT_EQ(parsed.photos[0].declared_size, static_cast<int64_t>(content.size()));
  EXPECT_EQ(parsed.photos[1].kind, protocol::PhotoKind::kBiometric);
  EXPECT_EQ(parsed.photos[1].bio_type, 9);
  EXPECT_EQ(parsed.photos[1].bytes, jpeg);
}

TEST(SimRecordLines, AttphotoBodyIsHeaderNulAndRawBytes) {
  const std::string jpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\xFF\xD9"s;
  protocol::PhotoRecord p{protocol::PhotoKind::kAttendance, "123", "20150731103012-123.jpg", 0, std::nullopt, jpeg};
  const std::string body = attphoto_body(p, "SIM0001");
  EXPECT_EQ(body, "PIN=20150731103012-123.jpg\nSN=SIM0001\nsize=13\nCMD=uploadphoto\0"s + jpeg);
  auto back = protocol::parse_attphoto(body, "");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->filename, "20150731103012-123.jpg");
  EXPECT_EQ(back->pin, "123");
  EXPECT_EQ(back->bytes, jpeg);
}

TEST(SimRecordLines, ValuesCannotForgeLines) {
  protocol::UserRecord u;
  u.pin = "1";
  u.name = "Eve\nUSER PIN=2\tPri=14";
  const std::string line = user_line(u);
  EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos);
  EXPECT_NE(line.find("Name=Eve USER PIN=2 Pri=14\tPri=0\t"), std::string::npos) << line;
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(line, parsed);
  ASSERT_EQ(parsed.users.size(), 1u);  // one line, one user
  EXPECT_EQ(parsed.users[0].pin, "1");

  protocol::AttlogRecord a = exec_test::make_attlog("1\t2", "2024-01-01 00:00:00");
  EXPECT_EQ(attlog_line(a).substr(0, 4), "1 2\t");
  protocol::OplogRecord op{4, "0\n1", "2024-01-01 00:00:00", "", "", "", ""};
  EXPECT_EQ(oplog_line(op), "OPLOG 4\t0 1\t2024-01-01 00:00:00\t\t\t\t");
}

TEST(SimRecordLines, InfoLinesCountTheDatabaseAndFollowR27) {
  TerminalDb db;
  db.users["1"] = exec_test::make_user("1", "A");
  db.users["2"] = exec_test::make_user("2", "B");
  db.templates.push_back(make_fp("1", 0));
  TemplateRecord bio = make_fp("2", 1);
  bio.kind = TemplateKind::kBiodata;
  db.templates.push_back(bio);  // Type 1: a fingerprint too
  TemplateRecord face = make_fp("2", 0);
  face.kind = TemplateKind::kFace;
  face.bio_type = 2;
  db.templates.push_back(face);
  db.attlogs.push_back({exec_test::make_attlog("1", "2024-01-01 08:00:00"), true});
  db.user_photos["1"] = "jpeg";
  db.options["IPAddress"] = "10.0.0.9";
  db.options["Zeta"] = "last";
  db.options["TransactionCount"] = "999";  // counts come from the database

  const std::string lines = info_reply_lines(db, exec_test::modern_terminal());
  EXPECT_EQ(lines.rfind("~DeviceName=zkpush-sim\nMAC=00:17:61:", 0), 0u) << lines;
  for (const char* expected :
       {"\nTransactionCount=1\n", "\nUserCount=2\n", "\nFPCount=2\n", "\nFaceCount=1\n", "\nFvCount=0\n",
        "\nIPAddress=10.0.0.9\n", "\nFWVersion=Ver 8.0.4.3-20220708\n", "\nPushVersion=2.4.1\n", "\nUserPhotoCount=1\n",
        "\nATTPhotoCount=0\n", "\n~SerialNumber=SIM0001\n", "\nZeta=last\n"})
    EXPECT_NE(lines.find(expected), std::string::npos) << expected;
  EXPECT_EQ(lines.find("TransactionCount=999"), std::string::npos);
  EXPECT_LT(lines.find("TransactionCount="), lines.find("UserCount="));
  EXPECT_LT(lines.find("FWVersion="), lines.find("~SerialNumber="));
  EXPECT_EQ(lines.back(), '\n');
  // Same SN, same MAC; another SN, another MAC.
  EXPECT_EQ(lines.substr(0, 50), info_reply_lines(db, exec_test::modern_terminal()).substr(0, 50));
  TerminalIdentity other = exec_test::modern_terminal();
  other.sn = "SIM0002";
  EXPECT_NE(lines.substr(23, 22), info_reply_lines(db, other).substr(23, 22));
}

}  // namespace
}  // namespace zkpush::sim
