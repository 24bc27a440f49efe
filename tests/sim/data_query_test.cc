// DATA QUERY (004 §12.1.3): the answer is cdata posts (query parameters
// as capture R31, bodies of at most 128 lines) followed by the reply with the
// row count (B4); the bodies parse back with the server's codec.
#include <gtest/gtest.h>

#include "protocol/upload.h"
#include "sim/command_executor.h"
#include "sim/record_lines.h"
#include "executor_test_util.h"

namespace zkpush::sim {
namespace {

using protocol::TemplateKind;
using exec_test::legacy_terminal;
using exec_test::make_attlog;
using exec_test::make_fp;
using exec_test::make_user;
using exec_test::query_param;
using exec_test::run;

using Query = std::vector<std::pair<std::string, std::string>>;

// `n` punches, one a minute from 2024-05-01 08:00:00.
TerminalDb db_with_punches(int n) {
  TerminalDb db;
  for (int i = 0; i < n; ++i) {
    const int hour = 8 + i / 60, minute = i % 60;
    std::string time = "2024-05-01 " + std::string(hour < 10 ? "0" : "") + std::to_string(hour) + ":" +
                       (minute < 10 ? "0" : "") + std::to_string(minute) + ":00";
    db.attlogs.push_back({make_attlog(std::to_string(1000 + i), time), i % 2 == 0});
  }
  return db;
}

TEST(SimDataQuery, AttlogAnswerLooksLikeR31) {
  TerminalDb db = db_with_punches(3);
  CommandOutcome o = run(db, "DATA QUERY ATTLOG StartTime=2024-05-01 08:01:00\tEndTime=2024-05-01 08:02:00",
                         exec_test::modern_terminal(), "239");
  EXPECT_EQ(o.reply, "ID=239&Return=2&CMD=DATA");
  ASSERT_EQ(o.uploads.size(), 1u);
  const Upload& u = o.uploads[0];
  EXPECT_EQ(u.path, "/iclock/cdata");
  EXPECT_EQ(
      u.query,
      (Query{
          {"table", "ATTLOG"}, {"Stamp", "0"}, {"Count", "2"}, {"PackCnt", "1"}, {"PackIdx", "1"}, {"CmdId", "239"}}));
  EXPECT_EQ(u.body, "1001\t2024-05-01 08:01:00\t0\t1\t\t\t\n1002\t2024-05-01 08:02:00\t0\t1\t\t\t\n");
  // A query answer does not touch the upload marks.
  EXPECT_TRUE(db.attlogs[0].uploaded);
  EXPECT_FALSE(db.attlogs[1].uploaded);
  EXPECT_TRUE(db.attlogs[2].uploaded);
}

TEST(SimDataQuery, ThreeHundredRecordsMakeThreePacks) {
  TerminalDb db = db_with_punches(300);
  CommandOutcome o = run(db, "DATA QUERY ATTLOG StartTime=2024-05-01 00:00:00\tEndTime=2024-05-01 23:59:59");
  EXPECT_EQ(o.reply, "ID=7&Return=300&CMD=DATA");
  ASSERT_EQ(o.uploads.size(), 3u);
  const std::size_t expected_lines[] = {128, 128, 44};
  std::vector<protocol::AttlogRecord> all;
  for (std::size_t i = 0; i < 3; ++i) {
    const Upload& u = o.uploads[i];
    EXPECT_EQ(query_param(u, "table"), "ATTLOG");
    EXPECT_EQ(query_param(u, "Stamp"), "0");
    EXPECT_EQ(query_param(u, "Count"), "300");
    EXPECT_EQ(query_param(u, "PackCnt"), "3");
    EXPECT_EQ(query_param(u, "PackIdx"), std::to_string(i + 1));
    EXPECT_EQ(query_param(u, "CmdId"), "7");
    protocol::ParsedUpload parsed;
    protocol::parse_attlog(u.body, parsed);
    EXPECT_TRUE(parsed.rejected.empty());
    EXPECT_EQ(parsed.attlogs.size(), expected_lines[i]);
    all.insert(all.end(), parsed.attlogs.begin(), parsed.attlogs.end());
  }
  ASSERT_EQ(all.size(), 300u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].pin, db.attlogs[i].record.pin);
    EXPECT_EQ(all[i].time, db.attlogs[i].record.time);
  }
}

TEST(SimDataQuery, ExactlyOnePackAt128) {
  TerminalDb db = db_with_punches(129);
  CommandOutcome o = run(db, "DATA QUERY ATTLOG StartTime=2024-05-01 08:00:00\tEndTime=2024-05-01 10:07:00");
  EXPECT_EQ(o.reply, "ID=7&Return=128&CMD=DATA");
  ASSERT_EQ(o.uploads.size(), 1u);
  EXPECT_EQ(query_param(o.uploads[0], "PackCnt"), "1");
}

TEST(SimDataQuery, LegacyAnswerCarriesOnlyTableAndStampZero) {
  TerminalDb db = db_with_punches(2);
  CommandOutcome o =
      run(db, "DATA QUERY ATTLOG StartTime=2024-05-01 00:00:00\tEndTime=2024-05-02 00:00:00", legacy_terminal());
  ASSERT_EQ(o.uploads.size(), 1u);
  EXPECT_EQ(o.uploads[0].query, (Query{{"table", "ATTLOG"}, {"Stamp", "0"}}));  // 002:L1043
  EXPECT_EQ(o.reply, "ID=7&Return=2&CMD=DATA");
}

TEST(SimDataQuery, EmptyAttlogWindowAnswersMinusOneLikeTheV5L) {
  TerminalDb db = db_with_punches(3);
  CommandOutcome o = run(db, "DATA QUERY ATTLOG StartTime=2025-01-01 00:00:00\tEndTime=2025-01-02 00:00:00");
  EXPECT_EQ(o.reply, "ID=7&Return=-1&CMD=DATA");  // B6
  EXPECT_TRUE(o.uploads.empty());
  EXPECT_EQ(run(db, "DATA QUERY ATTLOG StartTime=2024-05-01 00:00:00").reply, "ID=7&Return=-1&CMD=DATA");
  EXPECT_EQ(run(db, "DATA QUERY ATTLOG StartTime=x\tEndTime=y").reply, "ID=7&Return=-1&CMD=DATA");
}

TEST(SimDataQuery, AttphotoOnePostPerPhotoInTheWindow) {
  TerminalDb db;
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "x";
  for (const char* name : {"20240501080000-1.jpg", "20240501090000-2.jpg", "20240502080000-1.jpg", "bad.jpg"})
    db.attendance_photos.push_back(
        {protocol::PhotoRecord{protocol::PhotoKind::kAttendance, "", name, 0, std::nullopt, jpeg}, true});
  CommandOutcome o = run(db, "DATA QUERY ATTPHOTO StartTime=2024-05-01 00:00:00\tEndTime=2024-05-01 23:59:59");
  EXPECT_EQ(o.reply, "ID=7&Return=2&CMD=DATA");
  ASSERT_EQ(o.uploads.size(), 2u);
  EXPECT_EQ(
      o.uploads[1].query,
      (Query{
          {"table", "ATTPHOTO"}, {"Stamp", "0"}, {"Count", "2"}, {"PackCnt", "2"}, {"PackIdx", "2"}, {"CmdId", "7"}}));
  auto photo = protocol::parse_attphoto(o.uploads[1].body, "");
  ASSERT_TRUE(photo.ok());
  EXPECT_EQ(photo->filename, "20240501090000-2.jpg");
  EXPECT_EQ(photo->pin, "2");
  EXPECT_EQ(photo->bytes, jpeg);
  EXPECT_EQ(run(db, "DATA QUERY ATTPHOTO StartTime=2030-01-01 00:00:00\tEndTime=2030-01-01 00:00:01").reply,
            "ID=7&Return=0&CMD=DATA");
}

TEST(SimDataQuery, UserinfoOneOrAllAsOperlogUserLines) {
  TerminalDb db;
  db.users["1"] = make_user("1", "Ali");
  db.users["2"] = make_user("2", "Li");
  CommandOutcome one = run(db, "DATA QUERY USERINFO PIN=2");
  EXPECT_EQ(one.reply, "ID=7&Return=1&CMD=DATA");
  ASSERT_EQ(one.uploads.size(), 1u);
  EXPECT_EQ(
      one.uploads[0].query,
      (Query{
          {"table", "OPERLOG"}, {"Stamp", "0"}, {"Count", "1"}, {"PackCnt", "1"}, {"PackIdx", "1"}, {"CmdId", "7"}}));
  EXPECT_EQ(one.uploads[0].body,
            "USER PIN=2\tName=Li\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000100000000\tVerify=-1\tViceCard=\n");

  CommandOutcome all = run(db, "DATA QUERY USERINFO");  // 002:L1008, AMB-34
  EXPECT_EQ(all.reply, "ID=7&Return=2&CMD=DATA");
  ASSERT_EQ(all.uploads.size(), 1u);
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(all.uploads[0].body, parsed);
  ASSERT_EQ(parsed.users.size(), 2u);
  EXPECT_EQ(parsed.users[0].name, "Ali");
  EXPECT_EQ(parsed.users[1].name, "Li");

  CommandOutcome none = run(db, "DATA QUERY USERINFO PIN=9");
  EXPECT_EQ(none.reply, "ID=7&Return=0&CMD=DATA");
  EXPECT_TRUE(none.uploads.empty());
}

TEST(SimDataQuery, FingertmpByPinAndFingerId) {
  TerminalDb db;
  db.templates = {make_fp("1", 0, "QUFB"), make_fp("1", 6, "QkJC"), make_fp("2", 0, "Q0ND")};
  CommandOutcome o = run(db, "DATA QUERY FINGERTMP PIN=1\tFingerID=6");  // AMB-35
  EXPECT_EQ(o.reply, "ID=7&Return=1&CMD=DATA");
  ASSERT_EQ(o.uploads.size(), 1u);
  EXPECT_EQ(query_param(o.uploads[0], "table"), "OPERLOG");
  EXPECT_EQ(o.uploads[0].body, "FP PIN=1\tFID=6\tSize=4\tValid=1\tTMP=QkJC\n");
  CommandOutcome all = run(db, "DATA QUERY FINGERTMP PIN=1");
  EXPECT_EQ(all.reply, "ID=7&Return=2&CMD=DATA");
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(all.uploads[0].body, parsed);
  ASSERT_EQ(parsed.templates.size(), 2u);
  EXPECT_EQ(parsed.templates[0].tmp, "QUFB");
  EXPECT_EQ(parsed.templates[1].no, 6);
  EXPECT_EQ(run(db, "DATA QUERY FINGERTMP PIN=1\tFID=0").reply, "ID=7&Return=1&CMD=DATA");
  EXPECT_EQ(run(db, "DATA QUERY FINGERTMP FingerID=0").reply, "ID=7&Return=-1&CMD=DATA");
}

TEST(SimDataQuery, BiodataByType) {
  TerminalDb db;
  protocol::TemplateRecord a = make_fp("1", 0, "QUFB"), b = make_fp("2", 0, "QkJC"), c = make_fp("2", 1, "Q0ND");
  a.kind = b.kind = c.kind = TemplateKind::kBiodata;
  a.bio_type = b.bio_type = 9;
  c.bio_type = 1;
  db.templates = {a, b, c, make_fp("2", 0)};
  CommandOutcome o = run(db, "DATA QUERY BIODATA Type=9");
  EXPECT_EQ(o.reply, "ID=7&Return=2&CMD=DATA");
  ASSERT_EQ(o.uploads.size(), 1u);
  EXPECT_EQ(query_param(o.uploads[0], "table"), "BIODATA");
  protocol::ParsedUpload parsed;
  protocol::parse_table("BIODATA", o.uploads[0].body, parsed);
  ASSERT_EQ(parsed.templates.size(), 2u);
  EXPECT_EQ(parsed.templates[0].pin, "1");
  EXPECT_EQ(parsed.templates[1].pin, "2");
  EXPECT_EQ(parsed.templates[1].bio_type, 9);
  EXPECT_EQ(run(db, "DATA QUERY BIODATA Type=9\tPIN=2").reply, "ID=7&Return=1&CMD=DATA");
  EXPECT_EQ(run(db, "DATA QUERY BIODATA Type=1\tPIN=2\tNo=1").reply, "ID=7&Return=1&CMD=DATA");
  EXPECT_EQ(run(db, "DATA QUERY BIODATA Type=1\tPIN=2\tNo=0").reply, "ID=7&Return=0&CMD=DATA");
  EXPECT_EQ(run(db, "DATA QUERY BIODATA PIN=2").reply, "ID=7&Return=-1&CMD=DATA");
}

TEST(SimDataQuery, OtherTablesAreConfigMismatchLikeTheV5L) {
  TerminalDb db;
  for (const char* table : {"OPTIONS", "TIMEZONE", "FIRSTCARD", "FACE", "tablename=user,fielddesc=*,filter=*"})
    EXPECT_EQ(run(db, std::string("DATA QUERY ") + table).reply, "ID=7&Return=-1004&CMD=DATA") << table;
}

}  // namespace
}  // namespace zkpush::sim
