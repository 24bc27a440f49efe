// OPERLOG parsing: every tag of 004 §11.4-11.16 on real captures and
// synthetic lines, 003's prefix-less OPLOG, and the R14 artefacts.
#include <gtest/gtest.h>

#include "capture.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

using ::zkpush::test::capture_body;

ParsedUpload operlog(std::string_view body) {
  ParsedUpload out;
  parse_operlog(body, out);
  return out;
}

void expect_oplog(const OplogRecord& r, int op, std::string_view who, std::string_view time,
                  std::string_view v1, std::string_view v2, std::string_view v3,
                  std::string_view reserved) {
  EXPECT_EQ(r.op_type, op);
  EXPECT_EQ(r.op_who, who);
  EXPECT_EQ(r.time, time);
  EXPECT_EQ(r.value1, v1);
  EXPECT_EQ(r.value2, v2);
  EXPECT_EQ(r.value3, v3);
  EXPECT_EQ(r.reserved, reserved);
}

// A small but real JPEG frame: SOI, APP0 "JFIF", EOI.
const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\xFF\xD9", 16);

// ---- OPLOG ---------------------------------------------------------------

TEST(OperlogCapture, R03Oplog70) {
  auto out = operlog(capture_body("R03"));
  EXPECT_EQ(out.lines, 1);
  ASSERT_EQ(out.oplogs.size(), 1u);
  expect_oplog(out.oplogs[0], 70, "0", "2024-08-05 16:08:50", "1157", "0", "0", "0");
}

TEST(OperlogCapture, R05TwoOplogs) {
  auto out = operlog(capture_body("R05"));
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.oplogs.size(), 2u);
  expect_oplog(out.oplogs[0], 30, "0", "2024-08-05 12:48:25", "1160", "0", "0", "0");
  expect_oplog(out.oplogs[1], 6, "0", "2024-08-05 12:48:25", "1160", "0", "0", "0");
}

TEST(OperlogCapture, R17Oplog70AndD06) {
  auto r17 = operlog(capture_body("R17"));
  ASSERT_EQ(r17.oplogs.size(), 1u);
  expect_oplog(r17.oplogs[0], 70, "0", "2026-09-14 19:05:35", "2", "0", "0", "0");
  auto d06 = operlog(capture_body("D06"));
  ASSERT_EQ(d06.oplogs.size(), 1u);
  expect_oplog(d06.oplogs[0], 4, "14", "2015-07-30 10:22:34", "0", "0", "0", "0");
}

TEST(Operlog, OplogPrintedWithSpacesAndPrefixLess003Form) {
  auto out =
      operlog("OPLOG 4 14 2015-07-30 10:22:34 0 0 0 0\n4\t14\t2015-07-30 10:22:35\t1\t2\t3\t4\n");
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.oplogs.size(), 2u);
  expect_oplog(out.oplogs[0], 4, "14", "2015-07-30 10:22:34", "0", "0", "0", "0");
  expect_oplog(out.oplogs[1], 4, "14", "2015-07-30 10:22:35", "1", "2", "3", "4");
}

TEST(Operlog, OplogWithOnlyThreeFieldsAndLowerCaseTag) {
  auto out = operlog("oplog 0\t0\t2024-01-01 00:00:00\n");
  ASSERT_EQ(out.oplogs.size(), 1u);
  expect_oplog(out.oplogs[0], 0, "0", "2024-01-01 00:00:00", "", "", "", "");
}

TEST(Operlog, BadOplogsAreRejected) {
  auto out = operlog(
      "OPLOG x\t0\t2024-01-01 00:00:00\t0\t0\t0\t0\nOPLOG 4\t0\nOPLOG 4\t0\t2024-01-01\t0\n");
  EXPECT_EQ(out.lines, 3);
  EXPECT_TRUE(out.oplogs.empty());
  ASSERT_EQ(out.rejected.size(), 3u);
  EXPECT_EQ(out.rejected[0].reason, "bad OpType: 'x'");
  EXPECT_EQ(out.rejected[1].reason, "OPLOG needs OpType, OpWho and OpTime");
  EXPECT_EQ(out.rejected[2].reason, "bad OpTime: '2024-01-01'");
  EXPECT_EQ(out.rejected[2].line, "OPLOG 4\t0\t2024-01-01\t0");
}

// ---- USER ----------------------------------------------------------------

TEST(OperlogCapture, R04UserFromKeypad) {
  auto out = operlog(capture_body("R04"));
  EXPECT_EQ(out.lines, 1);
  ASSERT_EQ(out.users.size(), 1u);
  const auto& u = out.users[0];
  EXPECT_EQ(u.pin, "1160");
  EXPECT_EQ(u.name, "Isa004");
  EXPECT_EQ(u.privilege, "0");
  EXPECT_EQ(u.password, "");
  EXPECT_EQ(u.card, "");
  EXPECT_EQ(u.group, "1");
  EXPECT_EQ(u.tz, "0000000100000000");
  EXPECT_EQ(u.verify, "0");
  EXPECT_EQ(u.vice_card, "");
  EXPECT_EQ(u.start_datetime, std::nullopt);
  EXPECT_EQ(u.end_datetime, std::nullopt);
  EXPECT_TRUE(u.extra.empty());
}

TEST(OperlogCapture, R16UsersWithExpiresAndValidity) {
  auto out = operlog(capture_body("R16"));
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.users.size(), 2u);
  const auto& u = out.users[0];
  EXPECT_EQ(u.pin, "1");
  EXPECT_EQ(u.name, "NIHAL");
  EXPECT_EQ(u.privilege, "14");
  EXPECT_EQ(u.card, "196793");
  EXPECT_EQ(u.verify, "-1");
  EXPECT_EQ(u.start_datetime, "0");
  EXPECT_EQ(u.end_datetime, "0");
  EXPECT_EQ(u.extra, (Fields{{"Expires", "0"}}));
  EXPECT_EQ(out.users[1].pin, "2");
  EXPECT_EQ(out.users[1].name, "RYHAN");
  EXPECT_EQ(out.users[1].card, "");
}

TEST(OperlogCapture, R32UserWithDatetimes) {
  auto out = operlog(capture_body("R32"));
  ASSERT_EQ(out.users.size(), 1u);
  EXPECT_EQ(out.users[0].pin, "1");
  EXPECT_EQ(out.users[0].name, "Ali");
  EXPECT_EQ(out.users[0].verify, "-1");
  EXPECT_EQ(out.users[0].start_datetime, "0");
  EXPECT_EQ(out.users[0].end_datetime, "0");
  EXPECT_TRUE(out.users[0].extra.empty());
}

TEST(OperlogCapture, D07TwoUsersWithoutVerifyKeys) {
  auto out = operlog(capture_body("D07"));
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.users.size(), 2u);
  EXPECT_EQ(out.users[0].pin, "36234");
  EXPECT_EQ(out.users[0].card, "133440");
  EXPECT_EQ(out.users[0].tz, "0001000000000000");
  EXPECT_EQ(out.users[0].verify, std::nullopt);
  EXPECT_EQ(out.users[0].vice_card, std::nullopt);
  EXPECT_EQ(out.users[1].pin, "36235");
  EXPECT_EQ(out.users[1].card, "133441");
}

TEST(Operlog, UserPrintedWithSpacesKeepsNamesWithSpaces) {
  auto out = operlog(
      "USER PIN=36234 Name=Zhang San Pri=0 Passwd= Card=[15CD5B07] Grp=1 TZ=0001000000000000\n");
  ASSERT_EQ(out.users.size(), 1u);
  const auto& u = out.users[0];
  EXPECT_EQ(u.pin, "36234");
  EXPECT_EQ(u.name, "Zhang San");
  EXPECT_EQ(u.privilege, "0");
  EXPECT_EQ(u.password, "");
  EXPECT_EQ(u.card, "[15CD5B07]");
  EXPECT_EQ(u.tz, "0001000000000000");
}

TEST(Operlog, UserKeysAnyCaseUnknownKeysToExtraWithoutPinRejected) {
  auto out = operlog("user pin=7\tNAME=Bo\tPhone=123\tcard=99\nUSER Name=NoPin\tPri=0\n");
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.users.size(), 1u);
  EXPECT_EQ(out.users[0].pin, "7");
  EXPECT_EQ(out.users[0].name, "Bo");
  EXPECT_EQ(out.users[0].card, "99");
  EXPECT_EQ(out.users[0].extra, (Fields{{"Phone", "123"}}));
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_EQ(out.rejected[0].reason, "USER without PIN");
}

// ---- Templates -----------------------------------------------------------

TEST(OperlogCapture, R14OplogsMixedWithTemplatesAndLoggingArtefacts) {
  auto out = operlog(capture_body("R14"));
  EXPECT_EQ(out.oplogs.size(), 28u);
  ASSERT_EQ(out.templates.size(), 2u);
  EXPECT_TRUE(out.rejected.empty());
  // The continuation line (CRLF + TAB inside the first TMP) joins its TMP.
  EXPECT_EQ(out.lines, 30);
  expect_oplog(out.oplogs[0], 13, "0", "2024-03-12 11:03:28", "0", "0", "0", "0");
  expect_oplog(out.oplogs[26], 6, "0", "2024-06-13 12:55:41", "1", "0", "0", "906");
  expect_oplog(out.oplogs[27], 6, "0", "2024-06-13 12:55:42", "1", "0", "1", "1218");

  const auto& fp0 = out.templates[0];
  EXPECT_EQ(fp0.kind, TemplateKind::kFingerprint);
  EXPECT_EQ(fp0.bio_type, 1);
  EXPECT_EQ(fp0.pin, "1");
  EXPECT_EQ(fp0.no, 0);
  EXPECT_EQ(fp0.size, 440);
  EXPECT_EQ(fp0.valid, 1);
  EXPECT_EQ(fp0.tmp.size(), 437u);
  EXPECT_EQ(fp0.tmp.substr(0, 41), "ocoYgZ6nVgELiKpaARWTJERBGG4rEAEIS64xwRA\\/");
  EXPECT_NE(fp0.tmp.find("xvEVBysRwE4YDcf"), std::string::npos);  // the CRLF joint
  EXPECT_NE(fp0.tmp.find("MsRDjw2Vqbn"), std::string::npos);      // the TAB joint
  EXPECT_EQ(fp0.tmp.substr(fp0.tmp.size() - 10), "AAAAAAAA==");
  EXPECT_EQ(fp0.tmp.find_first_of("\t\r\n "), std::string::npos);

  const auto& fp1 = out.templates[1];
  EXPECT_EQ(fp1.no, 1);
  EXPECT_EQ(fp1.size, 332);
  EXPECT_EQ(fp1.tmp.size(), 336u);
  EXPECT_EQ(fp1.tmp.substr(fp1.tmp.size() - 9), "AAAAAAAA=");
}

TEST(OperlogCapture, R06ElidedTemplateIsKeptAsSent) {
  auto out = operlog(capture_body("R06"));
  ASSERT_EQ(out.templates.size(), 1u);
  EXPECT_EQ(out.templates[0].pin, "1160");
  EXPECT_EQ(out.templates[0].size, 1608);
  EXPECT_EQ(out.templates[0].tmp, "TfdT{...Fingerprint Data...}AA==");
}

TEST(Operlog, SpaceBeforeTmpAsOnBioproSa40) {
  auto out = operlog("FP PIN=1\tFID=6\tSize=12\tValid=1 TMP=QUJDREVGRw==\n");
  ASSERT_EQ(out.templates.size(), 1u);
  const auto& t = out.templates[0];
  EXPECT_EQ(t.pin, "1");
  EXPECT_EQ(t.no, 6);
  EXPECT_EQ(t.size, 12);
  EXPECT_EQ(t.valid, 1);
  EXPECT_EQ(t.tmp, "QUJDREVGRw==");
}

TEST(Operlog, FpWithoutSizeAsOn000) {
  auto out = operlog("FP PIN=5\tFID=1\tValid=3\tTMP=QUJD\n");
  ASSERT_EQ(out.templates.size(), 1u);
  EXPECT_EQ(out.templates[0].size, std::nullopt);
  EXPECT_EQ(out.templates[0].valid, 3);
  EXPECT_EQ(out.templates[0].no, 1);
}

TEST(Operlog, FaceWithUpperCaseSizeAndValid) {
  auto out = operlog("FACE PIN=306\tFID=2\tSIZE=1648\tVALID=0\tTMP=AAAAAAAAAAAAAAAA\n");
  ASSERT_EQ(out.templates.size(), 1u);
  const auto& t = out.templates[0];
  EXPECT_EQ(t.kind, TemplateKind::kFace);
  EXPECT_EQ(t.bio_type, 2);
  EXPECT_EQ(t.pin, "306");
  EXPECT_EQ(t.no, 2);
  EXPECT_EQ(t.size, 1648);
  EXPECT_EQ(t.valid, 0);
  EXPECT_EQ(t.tmp, "AAAAAAAAAAAAAAAA");
}

TEST(Operlog, FingerVein) {
  auto out = operlog("FVEIN Pin=306\tFID=2\tIndex=1\tSize=4\tValid=1\tTmp=QUJD\n");
  ASSERT_EQ(out.templates.size(), 1u);
  const auto& t = out.templates[0];
  EXPECT_EQ(t.kind, TemplateKind::kFingerVein);
  EXPECT_EQ(t.bio_type, 7);
  EXPECT_EQ(t.pin, "306");
  EXPECT_EQ(t.no, 2);
  EXPECT_EQ(t.index, 1);
  EXPECT_EQ(t.size, 4);
  EXPECT_EQ(t.tmp, "QUJD");
}

TEST(Operlog, BiodataLinePrintedWithSpaces) {
  auto out = operlog(
      "BIODATA Pin=306 No=0 Index=2 Valid=1 Duress=1 Type=8 MajorVer=1 MinorVer=0 Format=2 "
      "Tmp=QUJDRA==\n");
  ASSERT_EQ(out.templates.size(), 1u);
  const auto& t = out.templates[0];
  EXPECT_EQ(t.kind, TemplateKind::kBiodata);
  EXPECT_EQ(t.pin, "306");
  EXPECT_EQ(t.no, 0);
  EXPECT_EQ(t.index, 2);
  EXPECT_EQ(t.valid, 1);
  EXPECT_EQ(t.duress, 1);
  EXPECT_EQ(t.bio_type, 8);
  EXPECT_EQ(t.major_ver, "1");
  EXPECT_EQ(t.minor_ver, "0");
  EXPECT_EQ(t.format, "2");
  EXPECT_EQ(t.size, std::nullopt);
  EXPECT_EQ(t.tmp, "QUJDRA==");
}

TEST(Operlog, BadTemplatesAreRejected) {
  auto out = operlog(
      "FP PIN=1\tFID=0\tValid=1\n"
      "FP FID=0\tTMP=QUJD\n"
      "FP PIN=1\tFID=x\tTMP=QUJD\n"
      "FACE PIN=1\tFID=0\tSIZE=big\tTMP=QUJD\n"
      "FP PIN=1\tFID=0\tTMP=\n");
  EXPECT_EQ(out.lines, 5);
  EXPECT_TRUE(out.templates.empty());
  ASSERT_EQ(out.rejected.size(), 5u);
  EXPECT_EQ(out.rejected[0].reason, "template without TMP");
  EXPECT_EQ(out.rejected[1].reason, "template without PIN");
  EXPECT_EQ(out.rejected[2].reason, "bad FID: 'x'");
  EXPECT_EQ(out.rejected[3].reason, "bad Size: 'big'");
  EXPECT_EQ(out.rejected[4].reason, "template without TMP");
}

TEST(Operlog, ContinuationLinesJoinTheTemplateAbove) {
  auto out = operlog(
      "FP PIN=1\tFID=0\tTMP=QUJD\r\n\tREVG\r\nR0g=\r\nOPLOG 0\t0\t2024-01-01 "
      "00:00:00\t0\t0\t0\t0\r\n");
  EXPECT_EQ(out.lines, 2);
  ASSERT_EQ(out.templates.size(), 1u);
  EXPECT_EQ(out.templates[0].tmp, "QUJDREVGR0g=");
  EXPECT_EQ(out.oplogs.size(), 1u);
  EXPECT_TRUE(out.rejected.empty());
}

TEST(Operlog, ContinuationOnlyAfterATemplateWhoseTmpEndsTheLine) {
  // After a USER line, a base64 fragment is not a record: rejected.
  auto after_user = operlog("USER PIN=1\tName=A\nQUJD\n");
  EXPECT_EQ(after_user.lines, 2);
  ASSERT_EQ(after_user.rejected.size(), 1u);
  EXPECT_EQ(after_user.rejected[0].line, "QUJD");
  EXPECT_EQ(after_user.rejected[0].reason, "unknown line without fields");
  // TMP not last: the next line is its own (rejected) line.
  auto tmp_not_last = operlog("FP PIN=1\tTMP=QUJD\tFID=0\n\tREVG\n");
  EXPECT_EQ(tmp_not_last.templates[0].tmp, "QUJD");
  EXPECT_EQ(tmp_not_last.rejected.size(), 1u);
  // A line whose first word is a tag is never a continuation.
  auto tag_line = operlog("FP PIN=1\tTMP=QUJD\nFACE\n");
  EXPECT_EQ(tag_line.templates[0].tmp, "QUJD");
  ASSERT_EQ(tag_line.rejected.size(), 1u);
  EXPECT_EQ(tag_line.rejected[0].reason, "template without PIN");
}

// ---- Photos --------------------------------------------------------------

TEST(Operlog, UserPicDecodesBase64Content) {
  std::string b64 = encode_base64(kJpeg);
  auto out = operlog("USERPIC PIN=123\tFileName=123.jpg\tSize=" + std::to_string(b64.size()) +
                     "\tContent=" + b64 + "\n");
  ASSERT_EQ(out.photos.size(), 1u);
  const auto& p = out.photos[0];
  EXPECT_EQ(p.kind, PhotoKind::kUser);
  EXPECT_EQ(p.pin, "123");
  EXPECT_EQ(p.filename, "123.jpg");
  EXPECT_EQ(p.declared_size, static_cast<int64_t>(b64.size()));
  EXPECT_EQ(p.bytes, kJpeg);
}

TEST(Operlog, UserPicDocumentExampleWithoutPadding) {
  auto out = operlog("USERPIC PIN=123 FileName=123.jpg Size=10 Content=AAAAAAAAAA");
  ASSERT_EQ(out.photos.size(), 1u);
  EXPECT_EQ(out.photos[0].bytes, std::string(7, '\0'));
  EXPECT_EQ(out.photos[0].declared_size, 10);
}

TEST(Operlog, BioPhotoKeepsType) {
  std::string b64 = encode_base64(kJpeg);
  auto out = operlog("BIOPHOTO PIN=123    FileName=123.jpg    Type=9    Size=" +
                     std::to_string(b64.size()) + "    Content=" + b64);
  ASSERT_EQ(out.photos.size(), 1u);
  const auto& p = out.photos[0];
  EXPECT_EQ(p.kind, PhotoKind::kBiometric);
  EXPECT_EQ(p.bio_type, 9);
  EXPECT_EQ(p.pin, "123");
  EXPECT_EQ(p.filename, "123.jpg");
  EXPECT_EQ(p.bytes, kJpeg);
}

TEST(Operlog, PhotoWithInvalidBase64IsRejected) {
  auto out = operlog("USERPIC PIN=123\tFileName=123.jpg\tContent=not*base64\nUSERPIC PIN=1\n");
  EXPECT_EQ(out.lines, 2);
  EXPECT_TRUE(out.photos.empty());
  ASSERT_EQ(out.rejected.size(), 2u);
  EXPECT_EQ(out.rejected[0].reason, "photo Content: base64: invalid character");
  EXPECT_EQ(out.rejected[1].reason, "photo without Content");
}

// ---- ERRORLOG, IDCARD, WORKCODE, unknown tags ------------------------------

TEST(Operlog, ErrorlogTabbedAndAsPrinted) {
  auto out = operlog(
      "ERRORLOG ErrCode=D01E0001\tErrMsg=\tDataOrigin=cmd\tCmdId=123\tAdditional=\n"
      "ERRORLOG    ErrCode=D01E0002    ErrMsg=    DataOrigin=dev CmdId=7    Additional=QQ==\n");
  ASSERT_EQ(out.errorlogs.size(), 2u);
  const auto& a = out.errorlogs[0];
  EXPECT_EQ(a.err_code, "D01E0001");
  EXPECT_EQ(a.err_msg, "");
  EXPECT_EQ(a.data_origin, "cmd");
  EXPECT_EQ(a.cmd_id, "123");
  EXPECT_EQ(a.additional, "");
  const auto& b = out.errorlogs[1];
  EXPECT_EQ(b.err_code, "D01E0002");
  EXPECT_EQ(b.err_msg, "");
  EXPECT_EQ(b.data_origin, "dev");
  EXPECT_EQ(b.cmd_id, "7");
  EXPECT_EQ(b.additional, "QQ==");
}

TEST(Operlog, IdcardWorkcodeAndUnknownTagsAreGeneric) {
  auto out = operlog(
      "IDCARD PIN=2\tSNNum=460088\tIDNum=19911218\tName=Zhang San\tPhoto=V0xm/A==\n"
      "WORKCODE PIN=1\tCODE=2\tNAME=Dept\n"
      "SMS Msg=hello world\tUID=3\n");
  EXPECT_EQ(out.lines, 3);
  ASSERT_EQ(out.generic.size(), 3u);
  EXPECT_EQ(out.generic[0].table, "IDCARD");
  EXPECT_EQ(out.generic[0].fields, (Fields{{"PIN", "2"},
                                           {"SNNum", "460088"},
                                           {"IDNum", "19911218"},
                                           {"Name", "Zhang San"},
                                           {"Photo", "V0xm/A=="}}));
  EXPECT_EQ(out.generic[1].table, "WORKCODE");
  EXPECT_EQ(out.generic[1].fields, (Fields{{"PIN", "1"}, {"CODE", "2"}, {"NAME", "Dept"}}));
  EXPECT_EQ(out.generic[2].table, "SMS");
  EXPECT_EQ(out.generic[2].fields, (Fields{{"Msg", "hello world"}, {"UID", "3"}}));
}

TEST(Operlog, UntaggedKeyValueLineIsRejected) {
  auto out = operlog("PIN=1\tName=x\n");
  EXPECT_EQ(out.lines, 1);
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_EQ(out.rejected[0].reason, "line has no record tag");
}

TEST(Operlog, MixedBodyWithMixedLineEnds) {
  auto out = operlog(
      "USER PIN=1\tName=A\r\n\r\nFP PIN=1\tFID=0\tTMP=QUJD\rOPLOG 6\t0\t2024-01-01 "
      "00:00:00\t1\t0\t0\t0\n"
      "FACE PIN=1\tFID=0\tTMP=QUJD\n\nUSERPIC PIN=1\tContent=QUJD");
  EXPECT_EQ(out.lines, 5);
  EXPECT_EQ(out.users.size(), 1u);
  EXPECT_EQ(out.templates.size(), 2u);
  EXPECT_EQ(out.oplogs.size(), 1u);
  ASSERT_EQ(out.photos.size(), 1u);
  EXPECT_EQ(out.photos[0].bytes, "ABC");
  EXPECT_TRUE(out.rejected.empty());
}

TEST(Operlog, NeverCrashesOnHostileBytes) {
  const char bytes[] = "\0\xFF=\t \r\n=\t=OPLOG\n\tFP\x01 =\nUSER \t\n==\nOPLOG \n9\n";
  std::string junk(bytes, sizeof bytes - 1);
  auto out = operlog(junk);
  EXPECT_EQ(out.lines, 7);
  EXPECT_EQ(out.lines, static_cast<int>(out.rejected.size() + out.users.size() +
                                        out.generic.size() + out.templates.size()));
}

}  // namespace
}  // namespace zkpush::protocol
