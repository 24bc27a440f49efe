// parse_table: per-table bodies (BIODATA, IDCARD, ERRORLOG, 003's USERINFO
// and FINGERTMP) and the generic rows of PUSH 3.x tables.
#include <gtest/gtest.h>

#include "capture.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

using ::zkpush::test::capture_body;

ParsedUpload table(std::string_view name, std::string_view body) {
  ParsedUpload out;
  parse_table(name, body, out);
  return out;
}

void expect_biodata(const TemplateRecord& t, std::string_view pin, int no, int type,
                    std::string_view major, std::string_view minor, std::string_view tmp) {
  EXPECT_EQ(t.kind, TemplateKind::kBiodata);
  EXPECT_EQ(t.pin, pin);
  EXPECT_EQ(t.no, no);
  EXPECT_EQ(t.index, 0);
  EXPECT_EQ(t.valid, 1);
  EXPECT_EQ(t.duress, 0);
  EXPECT_EQ(t.bio_type, type);
  EXPECT_EQ(t.major_ver, major);
  EXPECT_EQ(t.minor_ver, minor);
  EXPECT_EQ(t.format, "0");
  EXPECT_EQ(t.tmp, tmp);
}

TEST(TableCapture, R18BiodataWithPrefix) {
  auto out = table("BIODATA", capture_body("R18"));
  EXPECT_EQ(out.lines, 2);
  EXPECT_TRUE(out.rejected.empty());
  ASSERT_EQ(out.templates.size(), 2u);
  expect_biodata(out.templates[0], "1", 6, 1, "13", "0", "apUBEBgEJAsBAA0AAaR");
  expect_biodata(out.templates[1], "2", 6, 1, "13", "0", "apUBEBgEBz8BAA0AAS8b");
}

TEST(TableCapture, R21RtlogRowsAreGeneric) {
  auto out = table("rtlog", capture_body("R21"));
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.generic.size(), 2u);
  EXPECT_EQ(out.generic[0].table, "RTLOG");
  EXPECT_EQ(out.generic[0].fields, (Fields{{"time", "2026-09-09 12:09:10"},
                                           {"pin", "445966"},
                                           {"cardno", "0"},
                                           {"eventaddr", "1"},
                                           {"event", "3"},
                                           {"inoutstatus", "0"},
                                           {"verifytype", "1"},
                                           {"index", "40"},
                                           {"sitecode", "0"},
                                           {"linkid", "0"},
                                           {"maskflag", "0"},
                                           {"temperature", "0"},
                                           {"convtemperature", "0"}}));
  EXPECT_EQ(out.generic[1].fields, (Fields{{"time", "2026-09-09 12:09:11"},
                                           {"sensor", "02"},
                                           {"relay", "00"},
                                           {"alarm", "0100000000000000"},
                                           {"door", "01"}}));
}

TEST(TableCapture, R22TabledataUserRowsKeepTheirTag) {
  auto out = table("TABLEDATA", capture_body("R22"));
  EXPECT_EQ(out.lines, 3);
  ASSERT_EQ(out.generic.size(), 3u);
  EXPECT_EQ(out.generic[0].table, "TABLEDATA");
  EXPECT_EQ(out.generic[0].fields, (Fields{{"_tag", "user"},
                                           {"uid", "13"},
                                           {"cardno", "3231436"},
                                           {"pin", "445962"},
                                           {"password", ""},
                                           {"group", "1"},
                                           {"starttime", "0"},
                                           {"endtime", "0"},
                                           {"name", "Ajay"},
                                           {"privilege", "14"},
                                           {"disable", "0"},
                                           {"verify", "0"}}));
  EXPECT_EQ(out.generic[2].fields[3], (std::pair<std::string, std::string>{"pin", "777"}));
  EXPECT_EQ(out.generic[2].fields[2], (std::pair<std::string, std::string>{"cardno", ""}));
}

TEST(TableCapture, R23TabledataBiodataRows) {
  auto generic = table("TABLEDATA", capture_body("R23"));
  ASSERT_EQ(generic.generic.size(), 2u);
  EXPECT_EQ(generic.generic[0].fields.front(),
            (std::pair<std::string, std::string>{"_tag", "biodata"}));
  EXPECT_EQ(generic.generic[0].fields.back(),
            (std::pair<std::string, std::string>{"tmp", "apUBEBgEFAKEFINGER=="}));
  // The same rows read as BIODATA: lower-case tag and keys are understood.
  auto bio = table("BIODATA", capture_body("R23"));
  ASSERT_EQ(bio.templates.size(), 2u);
  expect_biodata(bio.templates[0], "445962", 6, 1, "13", "0", "apUBEBgEFAKEFINGER==");
  expect_biodata(bio.templates[1], "445962", 0, 9, "40", "1", "apUBFjYCFAKEFACE==");
}

TEST(Table, BiodataWithoutPrefixAndUpperCasePin) {
  auto out = table("BIODATA",
                   "PIN=5\tNo=1\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=58\tMinorVer=0\t"
                   "Format=0\tTmp=QUJD\r\n");
  ASSERT_EQ(out.templates.size(), 1u);
  expect_biodata(out.templates[0], "5", 1, 9, "58", "0", "QUJD");
}

TEST(Table, BiodataWithoutTypeIsUniversal) {
  auto out = table("BIODATA", "Pin=5\tTmp=QUJD\n");
  ASSERT_EQ(out.templates.size(), 1u);
  EXPECT_EQ(out.templates[0].bio_type, 0);
  EXPECT_EQ(out.templates[0].valid, 1);
}

TEST(Table, UserinfoRowsWithoutPrefix003) {
  auto out = table("USERINFO", "PIN=7\tName=Bo\tPri=14\tPasswd=123\tCard=[09E4812202]\tGrp=1\n");
  ASSERT_EQ(out.users.size(), 1u);
  const auto& u = out.users[0];
  EXPECT_EQ(u.pin, "7");
  EXPECT_EQ(u.name, "Bo");
  EXPECT_EQ(u.privilege, "14");
  EXPECT_EQ(u.password, "123");
  EXPECT_EQ(u.card, "[09E4812202]");
  EXPECT_EQ(u.group, "1");
  EXPECT_EQ(u.tz, std::nullopt);
}

TEST(Table, FingertmpRowsWithoutPrefix003) {
  auto out =
      table("FINGERTMP", "PIN=7\tFID=3\tSize=4\tValid=1\tTMP=QUJD\nFP PIN=8\tFID=1\tTMP=QQ==\n");
  ASSERT_EQ(out.templates.size(), 2u);
  EXPECT_EQ(out.templates[0].kind, TemplateKind::kFingerprint);
  EXPECT_EQ(out.templates[0].pin, "7");
  EXPECT_EQ(out.templates[0].no, 3);
  EXPECT_EQ(out.templates[0].size, 4);
  EXPECT_EQ(out.templates[0].tmp, "QUJD");
  EXPECT_EQ(out.templates[1].pin, "8");
  EXPECT_EQ(out.templates[1].no, 1);
}

TEST(Table, IdcardWithAndWithoutPrefix) {
  auto out = table("IDCARD", "IDCARD PIN=2\tIDNum=123\nPIN=0\tIDNum=456\tName=Li Si\n");
  ASSERT_EQ(out.generic.size(), 2u);
  EXPECT_EQ(out.generic[0].table, "IDCARD");
  EXPECT_EQ(out.generic[0].fields, (Fields{{"PIN", "2"}, {"IDNum", "123"}}));
  EXPECT_EQ(out.generic[1].table, "IDCARD");
  EXPECT_EQ(out.generic[1].fields, (Fields{{"PIN", "0"}, {"IDNum", "456"}, {"Name", "Li Si"}}));
}

TEST(Table, ErrorlogTable) {
  auto out = table("ERRORLOG", "ERRORLOG ErrCode=D01E0001\tErrMsg=x\nErrCode=2\tCmdId=9\n");
  ASSERT_EQ(out.errorlogs.size(), 2u);
  EXPECT_EQ(out.errorlogs[0].err_code, "D01E0001");
  EXPECT_EQ(out.errorlogs[0].err_msg, "x");
  EXPECT_EQ(out.errorlogs[1].err_code, "2");
  EXPECT_EQ(out.errorlogs[1].cmd_id, "9");
}

TEST(Table, AttlogAndOperlogDelegate) {
  auto att = table("ATTLOG", capture_body("R02"));
  ASSERT_EQ(att.attlogs.size(), 1u);
  EXPECT_EQ(att.attlogs[0].pin, "1156");
  auto op = table("OPERLOG", capture_body("R05"));
  ASSERT_EQ(op.oplogs.size(), 2u);
  EXPECT_EQ(op.oplogs[1].op_type, 6);
}

TEST(Table, GenericRowEdgeCases) {
  auto out = table("whatever", "\r\nlonely\n\tk=v\t\tk2=\n");
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.generic.size(), 2u);
  EXPECT_EQ(out.generic[0].table, "WHATEVER");
  EXPECT_EQ(out.generic[0].fields, (Fields{{"_tag", "lonely"}}));
  EXPECT_EQ(out.generic[1].fields, (Fields{{"k", "v"}, {"k2", ""}}));
}

}  // namespace
}  // namespace zkpush::protocol
