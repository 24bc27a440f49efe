// DATA UPDATE and DATA DELETE (004 §12.1.1-2; 000's DATA USER/FP/DEL_USER/
// DEL_FP): the reply bytes and exactly what changes in the terminal's
// database, for every table and both dialects.
#include <gtest/gtest.h>

#include "protocol/upload.h"
#include "sim/command_executor.h"
#include "executor_test_util.h"

namespace zkpush::sim {
namespace {

using protocol::TemplateKind;
using exec_test::legacy_terminal;
using exec_test::make_fp;
using exec_test::make_user;
using exec_test::run;

constexpr const char* kOk = "ID=7&Return=0&CMD=DATA";

std::string reply_with(int code) { return "ID=7&Return=" + std::to_string(code) + "&CMD=DATA"; }

const protocol::TemplateRecord* find(const TerminalDb& db, TemplateKind kind, const std::string& pin, int no,
                                     int bio_type = -1) {
  for (const auto& t : db.templates)
    if (t.kind == kind && t.pin == pin && t.no == no && (bio_type < 0 || t.bio_type == bio_type)) return &t;
  return nullptr;
}

TEST(SimDataUpdate, UserinfoAddsThenMergesOnlyTheFieldsSent) {
  TerminalDb db;
  EXPECT_EQ(run(db,
                "DATA UPDATE USERINFO PIN=1\tName=Zhang San\tPri=14\tPasswd=123\tCard=[15CD5B07]\tGrp=1"
                "\tTZ=0000000000000000\tVerify=-1\tViceCard=9\tPhone=555")
                .reply,
            kOk);
  ASSERT_EQ(db.users.size(), 1u);
  const protocol::UserRecord& u = db.users.at("1");
  EXPECT_EQ(u.name, "Zhang San");
  EXPECT_EQ(u.privilege, "14");
  EXPECT_EQ(u.password, "123");
  EXPECT_EQ(u.card, "[15CD5B07]");
  EXPECT_EQ(u.tz, "0000000000000000");
  EXPECT_EQ(u.verify, "-1");
  EXPECT_EQ(u.vice_card, "9");
  ASSERT_EQ(u.extra.size(), 1u);
  EXPECT_EQ(u.extra[0].second, "555");

  // Keys in any case; only Name and Card change.
  EXPECT_EQ(run(db, "DATA UPDATE userinfo pin=1\tNAME=Li\tcard=42\tphone=777").reply, kOk);
  EXPECT_EQ(u.name, "Li");
  EXPECT_EQ(u.card, "42");
  EXPECT_EQ(u.privilege, "14");
  EXPECT_EQ(u.password, "123");
  ASSERT_EQ(u.extra.size(), 1u);
  EXPECT_EQ(u.extra[0].second, "777");
}

TEST(SimDataUpdate, UserinfoWithSpacesAsTheDocumentsPrintIt) {
  TerminalDb db;
  EXPECT_EQ(run(db, "DATA UPDATE USERINFO PIN=2 Name=Ali Pri=0 Passwd= Grp=1").reply, kOk);
  EXPECT_EQ(db.users.at("2").name, "Ali");
  EXPECT_EQ(db.users.at("2").password, "");
  EXPECT_EQ(db.users.at("2").card, std::nullopt);
}

TEST(SimDataUpdate, UserinfoWithoutPinIsAParameterError) {
  TerminalDb db;
  EXPECT_EQ(run(db, "DATA UPDATE USERINFO Name=x").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE USERINFO PIN=\tName=x").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE").reply, reply_with(-1));
  EXPECT_TRUE(db.users.empty());
}

TEST(SimDataUpdate, FingertmpUpsertsByPinAndFid) {
  TerminalDb db;
  db.users["1"] = make_user("1", "A");
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=3\tSize=8\tValid=1\tTMP=TfdTAA==").reply, kOk);
  ASSERT_EQ(db.templates.size(), 1u);
  const auto* t = find(db, TemplateKind::kFingerprint, "1", 3);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->tmp, "TfdTAA==");
  EXPECT_EQ(t->size, 8);
  EXPECT_EQ(t->valid, 1);
  EXPECT_EQ(t->bio_type, 1);
  // Same finger again: replaced, not added. Valid=3 (duress) is kept as sent.
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=3\tSize=4\tValid=3\tTMP=QUJD").reply, kOk);
  ASSERT_EQ(db.templates.size(), 1u);
  EXPECT_EQ(db.templates[0].tmp, "QUJD");
  EXPECT_EQ(db.templates[0].valid, 3);
  // Another finger: added. Without Size (000/pre-2.3 firmware, AMB-03).
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=4\tValid=1\tTMP=QUJD").reply, kOk);
  EXPECT_EQ(db.templates.size(), 2u);
}

TEST(SimDataUpdate, TemplateErrorsFollowAppendix1) {
  TerminalDb db;
  db.users["1"] = make_user("1", "A");
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=9\tValid=1\tTMP=TfdTAA==").reply, reply_with(-9));
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=2\tFID=0\tSize=8\tValid=1\tTMP=TfdTAA==").reply, reply_with(-10));
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=10\tSize=8\tValid=1\tTMP=TfdTAA==").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=x\tTMP=TfdTAA==").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=8").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE FACE PIN=2\tFID=0\tValid=1\tSize=8\tTMP=TfdTAA==").reply, reply_with(-10));
  EXPECT_TRUE(db.templates.empty());
}

TEST(SimDataUpdate, FaceFveinAndBiodata) {
  TerminalDb db;
  db.users["1"] = make_user("1", "A");
  EXPECT_EQ(run(db, "DATA UPDATE FACE PIN=1\tFID=11\tValid=1\tSize=8\tTMP=RkFDRUZB").reply, kOk);
  const auto* face = find(db, TemplateKind::kFace, "1", 11);
  ASSERT_NE(face, nullptr);
  EXPECT_EQ(face->bio_type, 2);
  EXPECT_EQ(face->tmp, "RkFDRUZB");

  EXPECT_EQ(run(db, "DATA UPDATE FVEIN Pin=1\tFID=2\tIndex=1\tValid=1\tSize=4\tTmp=VkVJ").reply, kOk);
  const auto* vein = find(db, TemplateKind::kFingerVein, "1", 2);
  ASSERT_NE(vein, nullptr);
  EXPECT_EQ(vein->index, 1);
  EXPECT_EQ(vein->bio_type, 7);

  EXPECT_EQ(run(db,
                "DATA UPDATE BIODATA Pin=1\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=40"
                "\tMinorVer=1\tFormat=0\tTmp=QklP")
                .reply,
            kOk);
  const auto* bio = find(db, TemplateKind::kBiodata, "1", 0, 9);
  ASSERT_NE(bio, nullptr);
  EXPECT_EQ(bio->major_ver, "40");
  EXPECT_EQ(bio->minor_ver, "1");
  EXPECT_EQ(bio->tmp, "QklP");
  // Same Pin/No/Index, another Type: another template.
  EXPECT_EQ(run(db, "DATA UPDATE BIODATA Pin=1\tNo=0\tIndex=0\tValid=1\tType=2\tTmp=RkFD").reply, kOk);
  EXPECT_EQ(db.templates.size(), 4u);
}

TEST(SimDataUpdate, LegacyFaceUses002KeysAndCodes) {
  TerminalDb db;
  db.users["1"] = make_user("1", "A");
  // 002:L930 spells the key VAILD (AMB-24) and answers -2 for an unknown user.
  EXPECT_EQ(run(db, "DATA UPDATE FACE PIN=1\tFID=0\tSIZE=4\tVAILD=0\tTMP=RkFD", legacy_terminal()).reply, kOk);
  ASSERT_EQ(db.templates.size(), 1u);
  EXPECT_EQ(db.templates[0].valid, 0);
  EXPECT_EQ(run(db, "DATA UPDATE FACE PIN=9\tFID=0\tSIZE=4\tVAILD=1\tTMP=RkFD", legacy_terminal()).reply,
            reply_with(-2));
  EXPECT_EQ(run(db, "DATA UPDATE FACE PIN=1\tFID=0\tSIZE=5\tVAILD=1\tTMP=RkFD", legacy_terminal()).reply,
            reply_with(-9));
}

TEST(SimDataUpdate, UserpicDecodesContentAndChecksSize) {
  TerminalDb db;
  EXPECT_EQ(run(db, "DATA UPDATE USERPIC PIN=1\tSize=8\tContent=/9j/4AAQ").reply, kOk);
  EXPECT_EQ(db.user_photos.at("1"), std::string("\xFF\xD8\xFF\xE0\x00\x10", 6));
  EXPECT_EQ(run(db, "DATA UPDATE USERPIC PIN=2\tSize=12\tContent=/9j/4AAQ").reply, reply_with(-2));
  EXPECT_EQ(run(db, "DATA UPDATE USERPIC PIN=2\tSize=8\tContent=!!!!!!!!").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE USERPIC PIN=2\tSize=8").reply, reply_with(-1));
  EXPECT_EQ(db.user_photos.size(), 1u);
}

TEST(SimDataUpdate, BiophotoInBase64AndUrlMode) {
  TerminalDb db;
  EXPECT_EQ(run(db, "DATA UPDATE BIOPHOTO PIN=1\tType=9\tSize=8\tContent=/9j/4AAQ\tFormat=0").reply, kOk);
  EXPECT_EQ(run(db, "DATA UPDATE BIOPHOTO PIN=1\tType=2\tFormat=1\tUrl=photo/1.jpg").reply, kOk);
  EXPECT_EQ(run(db, "DATA UPDATE BIOPHOTO PIN=1\tType=9\tSize=8\tContent=/9j/4BBQ").reply, kOk);  // replaces
  ASSERT_EQ(db.tables["BIOPHOTO"].size(), 2u);
  EXPECT_EQ(db.tables["BIOPHOTO"][0][3], (std::pair<std::string, std::string>{"Content", "/9j/4BBQ"}));
  EXPECT_EQ(run(db, "DATA UPDATE BIOPHOTO PIN=1\tType=9\tSize=9\tContent=/9j/4AAQ").reply, reply_with(-2));
  EXPECT_EQ(run(db, "DATA UPDATE BIOPHOTO PIN=1\tType=9\tFormat=1").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE BIOPHOTO PIN=1\tSize=8\tContent=/9j/4AAQ").reply, reply_with(-1));  // no Type
  EXPECT_EQ(db.tables["BIOPHOTO"].size(), 2u);
}

TEST(SimDataUpdate, KeyedTablesUpsertByTheirKey) {
  struct Case {
    const char* command;
    const char* again;  // same key, another value
    const char* table;
  };
  const Case cases[] = {
      {"SMS MSG=Hello all\tTAG=253\tUID=1\tMIN=60\tStartTime=2024-05-01 00:00:00", "SMS MSG=Bye\tUID=1", "SMS"},
      {"USER_SMS PIN=1\tUID=1", "USER_SMS PIN=1\tUID=1", "USER_SMS"},
      {"ADPIC Index=1\tSize=4\tExtension=jpg\tContent=QUJD", "ADPIC Index=1\tContent=REVG", "ADPIC"},
      {"WORKCODE PIN=1\tCODE=17\tNAME=Site A", "WORKCODE PIN=1\tNAME=Site B", "WORKCODE"},
      {"ShortcutKey KeyID=1\tKeyFun=1\tStatusCode=0\tShowName=In", "shortcutkey KeyID=1\tShowName=Out", "ShortcutKey"},
      {"AccGroup ID=1\tVerify=0\tValidHoliday=0\tTZ=1;0;0", "AccGroup ID=1\tTZ=2;0;0", "AccGroup"},
      {"AccTimeZone UID=1\tSunStart=0800\tSunEnd=1800", "AccTimeZone UID=1\tSunEnd=1900", "AccTimeZone"},
      {"AccHoliday UID=1\tHolidayName=NY\tStartDate=0101\tEndDate=0102\tTimeZone=1", "AccHoliday UID=1\tTimeZone=2",
       "AccHoliday"},
      {"AccUnLockComb UID=1\tGroup1=1\tGroup2=2", "AccUnLockComb UID=1\tGroup2=3", "AccUnLockComb"},
      {"IDCARD PIN=0\tSNNum=1\tIDNum=110\tName=Wang", "IDCARD IDNum=110\tPIN=5", "IDCARD"},
      {"BLACKLIST IDNum=110\tName=Wang\tGender=1\tNation=1", "BLACKLIST IDNum=110\tName=Li", "BLACKLIST"},
      {"WHITELIST IDNum=110\tName=Wang\tStartDate=2021-06-17 00:00:00", "WHITELIST IDNum=110\tName=Li", "WHITELIST"},
  };
  for (const Case& c : cases) {
    TerminalDb db;
    EXPECT_EQ(run(db, std::string("DATA UPDATE ") + c.command).reply, kOk) << c.command;
    EXPECT_EQ(run(db, std::string("DATA UPDATE ") + c.again).reply, kOk) << c.again;
    ASSERT_EQ(db.tables.size(), 1u) << c.table;
    ASSERT_EQ(db.tables.begin()->first, c.table);
    EXPECT_EQ(db.tables.begin()->second.size(), 1u) << c.table;
  }
  TerminalDb db;
  EXPECT_EQ(run(db, "DATA UPDATE SMS MSG=Meeting at 10\tTAG=253\tUID=1").reply, kOk);
  EXPECT_EQ(run(db, "DATA UPDATE SMS MSG=Second\tTAG=253\tUID=2").reply, kOk);
  EXPECT_EQ(run(db, "DATA UPDATE SMS MSG=Third\tUID=1").reply, kOk);
  const auto& rows = db.tables.at("SMS");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (protocol::Fields{{"MSG", "Third"}, {"TAG", "253"}, {"UID", "1"}}));
  EXPECT_EQ(run(db, "DATA UPDATE SMS MSG=no number\tTAG=253").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA UPDATE USER_SMS PIN=1").reply, reply_with(-1));
}

TEST(SimDataUpdate, UnknownTablesAreConfigMismatch) {
  TerminalDb db;
  EXPECT_EQ(run(db, "DATA UPDATE TIMEZONE TZID=1\tITIME=x").reply, reply_with(-1004));
  EXPECT_EQ(run(db, "DATA UPDATE tablename=user,fielddesc=*").reply, reply_with(-1004));  // 3.x form, B5
  EXPECT_TRUE(db.tables.empty());
}

TEST(SimDataDelete, UserinfoTakesTemplatesAndPhotosAlong) {
  TerminalDb db;
  db.users["1"] = make_user("1", "A");
  db.users["2"] = make_user("2", "B");
  db.templates = {make_fp("1", 0), make_fp("1", 1), make_fp("2", 0)};
  db.user_photos["1"] = "p1";
  db.user_photos["2"] = "p2";
  db.tables["BIOPHOTO"] = {{{"PIN", "1"}, {"Type", "9"}}, {{"PIN", "2"}, {"Type", "9"}}};
  db.tables["USER_SMS"] = {{{"PIN", "1"}, {"UID", "3"}}};
  EXPECT_EQ(run(db, "DATA DELETE USERINFO PIN=1").reply, kOk);
  EXPECT_EQ(db.users.size(), 1u);
  EXPECT_TRUE(db.users.contains("2"));
  ASSERT_EQ(db.templates.size(), 1u);
  EXPECT_EQ(db.templates[0].pin, "2");
  EXPECT_EQ(db.user_photos.size(), 1u);
  EXPECT_EQ(db.tables["BIOPHOTO"].size(), 1u);
  EXPECT_TRUE(db.tables["USER_SMS"].empty());
  // Absent: still success. No PIN: -1.
  EXPECT_EQ(run(db, "DATA DELETE USERINFO PIN=1").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE USERINFO Name=B").reply, reply_with(-1));
  EXPECT_EQ(db.users.size(), 1u);
}

TEST(SimDataDelete, FingertmpOneFingerOrAll) {
  TerminalDb db;
  db.templates = {make_fp("1", 0), make_fp("1", 1), make_fp("1", 2), make_fp("2", 0)};
  protocol::TemplateRecord face = make_fp("1", 0);
  face.kind = TemplateKind::kFace;
  db.templates.push_back(face);
  // 004 prints "PIN=${XXX} ${HT} FID=${XXX}".
  EXPECT_EQ(run(db, "DATA DELETE FINGERTMP PIN=1 \t FID=1").reply, kOk);
  EXPECT_EQ(db.templates.size(), 4u);
  EXPECT_EQ(find(db, TemplateKind::kFingerprint, "1", 1), nullptr);
  EXPECT_EQ(run(db, "DATA DELETE FINGERTMP PIN=1").reply, kOk);
  ASSERT_EQ(db.templates.size(), 2u);
  EXPECT_NE(find(db, TemplateKind::kFingerprint, "2", 0), nullptr);
  EXPECT_NE(find(db, TemplateKind::kFace, "1", 0), nullptr);
  EXPECT_EQ(run(db, "DATA DELETE FINGERTMP PIN=1\tFID=x").reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA DELETE FINGERTMP FID=0").reply, reply_with(-1));
  EXPECT_EQ(db.templates.size(), 2u);
}

TEST(SimDataDelete, FaceFveinBiodataAndPhotos) {
  TerminalDb db;
  db.users["1"] = make_user("1", "A");
  protocol::TemplateRecord face = make_fp("1", 0), vein = make_fp("1", 2), vein2 = make_fp("1", 3);
  face.kind = TemplateKind::kFace;
  vein.kind = vein2.kind = TemplateKind::kFingerVein;
  protocol::TemplateRecord bio9 = make_fp("1", 0), bio2 = make_fp("1", 0), bio2b = make_fp("1", 1);
  bio9.kind = bio2.kind = bio2b.kind = TemplateKind::kBiodata;
  bio9.bio_type = 9;
  bio2.bio_type = bio2b.bio_type = 2;
  db.templates = {face, vein, vein2, bio9, bio2, bio2b};
  db.user_photos["1"] = "p";
  db.tables["BIOPHOTO"] = {{{"PIN", "1"}, {"Type", "9"}}};

  EXPECT_EQ(run(db, "DATA DELETE FVEIN Pin=1\tFID=2").reply, kOk);
  EXPECT_EQ(db.templates.size(), 5u);
  EXPECT_EQ(run(db, "DATA DELETE BIODATA Pin=1\tType=2\tNo=1").reply, kOk);
  EXPECT_EQ(db.templates.size(), 4u);
  EXPECT_EQ(run(db, "DATA DELETE BIODATA Pin=1\tType=2").reply, kOk);
  EXPECT_EQ(db.templates.size(), 3u);
  EXPECT_NE(find(db, TemplateKind::kBiodata, "1", 0, 9), nullptr);
  EXPECT_EQ(run(db, "DATA DELETE FACE PIN=1").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE FACE PIN=1").reply, kOk);  // nothing left: still 0 on 004
  EXPECT_EQ(run(db, "DATA DELETE BIODATA Pin=1").reply, kOk);
  ASSERT_EQ(db.templates.size(), 1u);
  EXPECT_EQ(db.templates[0].kind, TemplateKind::kFingerVein);
  EXPECT_EQ(run(db, "DATA DELETE USERPIC PIN=1").reply, kOk);
  EXPECT_TRUE(db.user_photos.empty());
  EXPECT_EQ(run(db, "DATA DELETE USERPIC PIN=1").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE BIOPHOTO PIN=1").reply, kOk);
  EXPECT_TRUE(db.tables["BIOPHOTO"].empty());
  EXPECT_EQ(db.users.size(), 1u);
}

TEST(SimDataDelete, Legacy002CodesForMissingPhotosAndFaces) {
  TerminalDb db;
  db.users["1"] = make_user("1", "A");
  db.user_photos["1"] = "p";
  const TerminalIdentity old = legacy_terminal();
  EXPECT_EQ(run(db, "DATA DELETE USERPIC PIN=9", old).reply, reply_with(-1));  // user missing
  EXPECT_EQ(run(db, "DATA DELETE USERPIC PIN=1", old).reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE USERPIC PIN=1", old).reply, reply_with(-2));  // photo missing
  EXPECT_EQ(run(db, "DATA DELETE FACE PIN=9", old).reply, reply_with(-1));
  EXPECT_EQ(run(db, "DATA DELETE FACE PIN=1", old).reply, reply_with(-2));
}

TEST(SimDataDelete, KeyedTablesByTheirDeleteField) {
  TerminalDb db;
  db.tables["SMS"] = {{{"MSG", "a"}, {"UID", "1"}}, {{"MSG", "b"}, {"UID", "2"}}};
  db.tables["WORKCODE"] = {{{"PIN", "1"}, {"CODE", "17"}}, {{"PIN", "2"}, {"CODE", "18"}}};
  db.tables["ADPIC"] = {{{"Index", "1"}}, {{"Index", "2"}}};
  db.tables["BLACKLIST"] = {{{"IDNum", "110"}}};
  db.tables["WHITELIST"] = {{{"IDNum", "110"}}, {{"IDNum", "111"}}};
  EXPECT_EQ(run(db, "DATA DELETE SMS UID=1").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE WORKCODE CODE=18").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE ADPIC Index=2").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE BLACKLIST IDNum=110").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE WHITELIST IDNum=111").reply, kOk);
  EXPECT_EQ(run(db, "DATA DELETE WHITELIST IDNum=999").reply, kOk);
  EXPECT_EQ(db.tables["SMS"], (std::vector<protocol::Fields>{{{"MSG", "b"}, {"UID", "2"}}}));
  EXPECT_EQ(db.tables["WORKCODE"], (std::vector<protocol::Fields>{{{"PIN", "1"}, {"CODE", "17"}}}));
  EXPECT_EQ(db.tables["ADPIC"], (std::vector<protocol::Fields>{{{"Index", "1"}}}));
  EXPECT_TRUE(db.tables["BLACKLIST"].empty());
  EXPECT_EQ(db.tables["WHITELIST"], (std::vector<protocol::Fields>{{{"IDNum", "110"}}}));
  EXPECT_EQ(run(db, "DATA DELETE SMS").reply, reply_with(-1));  // no condition: not "delete all"
  EXPECT_EQ(db.tables["SMS"].size(), 1u);
  EXPECT_EQ(run(db, "DATA DELETE TIMEZONE TZID=1").reply, reply_with(-1004));
}

TEST(SimDataLegacy, Forms000WorkOnLegacyTerminalsOnly) {
  TerminalDb db;
  const TerminalIdentity old = legacy_terminal();
  EXPECT_EQ(run(db, "DATA USER PIN=1\tName=Ali\tPri=0\tPasswd=\tCard=[09E48122]\tGrp=1\tTZ=0", old).reply, kOk);
  EXPECT_EQ(db.users.at("1").card, "[09E48122]");
  EXPECT_EQ(run(db, "DATA FP PIN=1\tFID=0\tSize=4\tValid=1\tTMP=QUJD", old).reply, kOk);
  EXPECT_EQ(db.templates.size(), 1u);
  EXPECT_EQ(run(db, "DATA FP PIN=7\tFID=0\tSize=4\tValid=1\tTMP=QUJD", old).reply, reply_with(-10));  // 000:L522
  EXPECT_EQ(run(db, "DATA DEL_FP PIN=1\tFID=0", old).reply, kOk);
  EXPECT_TRUE(db.templates.empty());
  EXPECT_EQ(run(db, "DATA DEL_USER PIN=1", old).reply, kOk);
  EXPECT_TRUE(db.users.empty());
  // 002-era firmware also understands the table forms.
  EXPECT_EQ(run(db, "DATA UPDATE USERINFO PIN=2\tName=Li", old).reply, kOk);
  EXPECT_EQ(db.users.size(), 1u);

  // Current firmware refuses the 000 forms (B6: DATA DEL -> -1002).
  TerminalDb modern;
  for (const char* command : {"DATA USER PIN=1\tName=Ali", "DATA FP PIN=1\tFID=0\tTMP=QUJD", "DATA DEL_USER PIN=1",
                              "DATA DEL_FP PIN=1\tFID=0"})
    EXPECT_EQ(run(modern, command).reply, "ID=7&Return=-1002&CMD=DATA") << command;
  EXPECT_TRUE(modern.users.empty());
}

TEST(SimDataCommand, RepliesParseOnTheServer) {
  TerminalDb db;
  auto r = exec_test::parsed_reply(run(db, "DATA UPDATE USERINFO PIN=1", exec_test::modern_terminal(), "info8487").reply);
  EXPECT_EQ(r.id, "info8487");
  EXPECT_EQ(r.return_code, 0);
  EXPECT_EQ(r.cmd, "DATA");
  r = exec_test::parsed_reply(run(db, "DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=1\tTMP=QUJD").reply);
  EXPECT_EQ(r.return_code, -9);
}

}  // namespace
}  // namespace zkpush::sim
