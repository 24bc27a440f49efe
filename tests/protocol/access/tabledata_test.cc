// parse_tabledata: the people and templates an access device uploads
// (push3_catalog §2.4-2.7; captures R22, R23).
#include "protocol/access/tabledata.h"

#include <gtest/gtest.h>

#include "protocol/capture.h"

namespace zkpush::protocol::access {
namespace {

using test::capture_body;

ParsedUpload parse(std::string_view table, std::string_view body) {
  ParsedUpload out;
  parse_tabledata(table, body, out);
  return out;
}

TEST(TabledataCapture, R22UsersWithTheirCardsNamesAndPrivileges) {
  auto out = parse("user", capture_body("R22"));
  EXPECT_EQ(out.lines, 3);
  EXPECT_TRUE(out.rejected.empty());
  ASSERT_EQ(out.users.size(), 3u);
  EXPECT_EQ(out.users[0].pin, "445962");
  EXPECT_EQ(out.users[0].name, "Ajay");
  EXPECT_EQ(out.users[0].card, "3231436");
  EXPECT_EQ(out.users[0].privilege, "14");
  EXPECT_EQ(out.users[0].group, "1");
  EXPECT_EQ(out.users[0].password, "");
  EXPECT_EQ(out.users[0].verify, "0");
  EXPECT_EQ(out.users[0].extra, (Fields{{"uid", "13"}, {"starttime", "0"}, {"endtime", "0"}, {"disable", "0"}}));
  EXPECT_EQ(out.users[2].card, "");
  EXPECT_EQ(format_tabledata_reply("user", 3), "user=3");
}

TEST(TabledataCapture, R23AFingerAndAVisibleLightFace) {
  auto out = parse("biodata", capture_body("R23"));
  EXPECT_TRUE(out.rejected.empty());
  ASSERT_EQ(out.templates.size(), 2u);
  EXPECT_EQ(out.templates[0].kind, TemplateKind::kBiodata);
  EXPECT_EQ(out.templates[0].pin, "445962");
  EXPECT_EQ(out.templates[0].bio_type, 1);
  EXPECT_EQ(out.templates[0].no, 6);
  EXPECT_EQ(out.templates[0].major_ver, "13");
  EXPECT_EQ(out.templates[1].bio_type, 9);
  EXPECT_EQ(out.templates[1].major_ver, "40");
  EXPECT_EQ(out.templates[1].minor_ver, "1");
  EXPECT_EQ(out.templates[1].tmp, "apUBFjYCFAKEFACE==");
}

TEST(Tabledata, Templatev10FingerIdAbove15IsADuressFinger) {  // CN24 §10.7
  auto out = parse("templatev10",
                   "templatev10 size=8\tuid=1\tpin=7\tfingerid=22\tvalid=1\ttemplate=AAECAw==\tresverd=\tendtag=\n"
                   "templatev10 size=8\tuid=1\tpin=7\tfingerid=3\tvalid=1\ttemplate=BAUGBw==\n"
                   "templatev10 uid=1\tpin=7\tfingerid=4\tvalid=1\n");
  ASSERT_EQ(out.templates.size(), 2u);
  EXPECT_EQ(out.templates[0].kind, TemplateKind::kFingerprint);
  EXPECT_EQ(out.templates[0].no, 6);
  EXPECT_EQ(out.templates[0].duress, 1);
  EXPECT_EQ(out.templates[0].size, 8);
  EXPECT_EQ(out.templates[1].no, 3);
  EXPECT_EQ(out.templates[1].duress, 0);
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_EQ(out.rejected[0].reason, "templatev10 without template");
}

TEST(Tabledata, HexCardsPhotosErrorsAndUnknownTablesWithOrWithoutPrefix) {
  auto users = parse("user", "uid=1\tcardno=[15CD5B07]\tpin=9\n");
  ASSERT_EQ(users.users.size(), 1u);
  EXPECT_EQ(users.users[0].card, "123456789");

  auto photos = parse("biophoto", "biophoto\tpin=9\tfilename=9.jpg\ttype=9\tsize=4\tcontent=/9j/\n");
  ASSERT_EQ(photos.photos.size(), 1u);
  EXPECT_EQ(photos.photos[0].kind, PhotoKind::kBiometric);
  EXPECT_EQ(photos.photos[0].bio_type, 9);
  EXPECT_EQ(photos.photos[0].bytes, std::string("\xff\xd8\xff", 3));

  auto errors = parse("errorlog", "errorlog errcode=D01E0001\terrmsg=face\tdataorigin=dev\tcmdid=\tadditional=\n");
  ASSERT_EQ(errors.errorlogs.size(), 1u);
  EXPECT_EQ(errors.errorlogs[0].err_code, "D01E0001");

  auto other = parse("identitycard", "identitycard pin=9\tID_Num=123\n");
  ASSERT_EQ(other.generic.size(), 1u);
  EXPECT_EQ(other.generic[0].table, "IDENTITYCARD");
  EXPECT_EQ(other.generic[0].fields, (Fields{{"pin", "9"}, {"ID_Num", "123"}}));

  auto no_name = parse("", "user uid=2\tpin=10\tname=Ana\n");  // the row's prefix names the table
  ASSERT_EQ(no_name.users.size(), 1u);
  EXPECT_EQ(no_name.users[0].name, "Ana");

  auto bad = parse("user", "user uid=3\tname=NoPin\n");
  ASSERT_EQ(bad.rejected.size(), 1u);
  EXPECT_EQ(bad.rejected[0].reason, "user without pin");
}

TEST(EnrolledBiodata, TheResultOfRemoteEnrolmentIsTemplates) {  // CN24 §12.6.2
  ParsedUpload out;
  parse_enrolled_biodata("TYPE=9\tPIN=7\tNO=0\tINDEX=0\tMAJOR_VER=40\tMINOR_VER=1\tTMP=AAEC\tBIOPHOTO=/9j/\r\n"
                         "TYPE=1\tPIN=7\tNO=x\tTMP=AA\r\n",
                         out);
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.templates.size(), 1u);
  EXPECT_EQ(out.templates[0].kind, TemplateKind::kBiodata);
  EXPECT_EQ(out.templates[0].bio_type, 9);
  EXPECT_EQ(out.templates[0].pin, "7");
  EXPECT_EQ(out.templates[0].major_ver, "40");
  EXPECT_EQ(out.templates[0].tmp, "AAEC");
  ASSERT_EQ(out.rejected.size(), 1u);
}

}  // namespace
}  // namespace zkpush::protocol::access
