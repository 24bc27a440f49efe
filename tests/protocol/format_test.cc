#include "protocol/format.h"

#include <gtest/gtest.h>

#include <string>

namespace zkpush::protocol {
namespace {

TEST(FormatHandshake, ExactBlock) {
  Fields options = {{"ATTLOGStamp", "9999"},
                    {"OPERLOGStamp", "9999"},
                    {"ErrorDelay", "30"},
                    {"TransFlag", "TransData AttLog\tOpLog"},
                    {"TimeZone", "330"}};
  EXPECT_EQ(format_handshake("0316144680030", options),
            "GET OPTION FROM: 0316144680030\n"
            "ATTLOGStamp=9999\n"
            "OPERLOGStamp=9999\n"
            "ErrorDelay=30\n"
            "TransFlag=TransData AttLog\tOpLog\n"
            "TimeZone=330\n");
}

TEST(FormatHandshake, NoOptions) {
  EXPECT_EQ(format_handshake("SN1", {}), "GET OPTION FROM: SN1\n");
}

TEST(FormatHandshake, LineBreaksCannotForgeOptions) {
  EXPECT_EQ(format_handshake("A\nB", {{"Delay", "10\nRealtime=0"}}),
            "GET OPTION FROM: A B\nDelay=10 Realtime=0\n");
}

// --- TransFlag (004 §5, L508-556; capture D01) ----------------------------------

TEST(FormatTransFlag, FormatIIMatchesCaptureD01) {
  EXPECT_EQ(format_trans_flag({"AttLog", "OpLog", "AttPhoto", "EnrollUser", "ChgUser", "EnrollFP",
                               "ChgFP", "UserPic"},
                              false),
            "TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser\tEnrollFP\tChgFP\tUserPic");
}

TEST(FormatTransFlag, FormatIIEdgeCases) {
  EXPECT_EQ(format_trans_flag({"AttLog"}, false), "TransData AttLog");
  EXPECT_EQ(format_trans_flag({}, false), "TransData");
  // Names with blanks or empty names cannot be tokens and are dropped.
  EXPECT_EQ(format_trans_flag({"AttLog", "", "Op Log", "FVEIN"}, false), "TransData AttLog\tFVEIN");
}

TEST(FormatTransFlag, FormatIDigitOrder) {
  // 004 §5 Format I: AttLog OpLog AttPhoto EnrollFP EnrollUser FPImag ChgUser
  // ChgFP FACE UserPic [WorkCode BioPhoto].
  EXPECT_EQ(format_trans_flag({"AttLog"}, true), "1000000000");
  EXPECT_EQ(format_trans_flag({"OpLog"}, true), "0100000000");
  EXPECT_EQ(format_trans_flag({"AttPhoto"}, true), "0010000000");
  EXPECT_EQ(format_trans_flag({"EnrollFP"}, true), "0001000000");
  EXPECT_EQ(format_trans_flag({"EnrollUser"}, true), "0000100000");
  EXPECT_EQ(format_trans_flag({"FPImag"}, true), "0000010000");
  EXPECT_EQ(format_trans_flag({"ChgUser"}, true), "0000001000");
  EXPECT_EQ(format_trans_flag({"ChgFP"}, true), "0000000100");
  EXPECT_EQ(format_trans_flag({"FACE"}, true), "0000000010");
  EXPECT_EQ(format_trans_flag({"UserPic"}, true), "0000000001");
  EXPECT_EQ(format_trans_flag({"WORKCODE"}, true), "000000000010");
  EXPECT_EQ(format_trans_flag({"BioPhoto"}, true), "000000000001");
}

TEST(FormatTransFlag, FormatIClassicValues) {
  EXPECT_EQ(format_trans_flag({"AttLog", "OpLog", "AttPhoto", "EnrollFP"}, true),
            "1111000000");  // 000:L72
  EXPECT_EQ(format_trans_flag({"AttLog", "OpLog", "AttPhoto", "EnrollUser", "ChgUser", "EnrollFP",
                               "ChgFP", "FPImag", "FACE", "UserPic"},
                              true),
            "1111111111");
  EXPECT_EQ(format_trans_flag({"AttLog", "OpLog", "AttPhoto", "EnrollUser", "ChgUser", "EnrollFP",
                               "ChgFP", "FPImag", "FACE", "UserPic", "WORKCODE", "BioPhoto"},
                              true),
            "111111111111");
}

TEST(FormatTransFlag, FormatINamesIgnoreCaseAndUnknownNames) {
  EXPECT_EQ(format_trans_flag({"attlog", "OPLOG", "FVEIN", "nonsense"}, true), "1100000000");
  EXPECT_EQ(format_trans_flag({}, true), "0000000000");
}

// --- command lines and acks --------------------------------------------------------

TEST(FormatCommandLine, AppendsOneLine) {
  std::string out;
  append_command_line(out, "12", "INFO");
  append_command_line(out, "info8487", "DATA UPDATE USERINFO PIN=1\tName=A");
  EXPECT_EQ(out, "C:12:INFO\nC:info8487:DATA UPDATE USERINFO PIN=1\tName=A\n");
}

TEST(FormatCommandLine, LineBreakInACommandCannotForgeAnother) {
  std::string out;
  append_command_line(out, "1", "SET OPTION Delay=10\nC:2:CLEAR DATA");
  EXPECT_EQ(out, "C:1:SET OPTION Delay=10 C:2:CLEAR DATA\n");
}

TEST(FormatUploadAck, WithCount) {
  EXPECT_EQ(format_upload_ack(2, true), "OK: 2");  // R05
  EXPECT_EQ(format_upload_ack(128, true), "OK: 128");
  EXPECT_EQ(format_upload_ack(0, true), "OK: 1");  // B1: never 0
  EXPECT_EQ(format_upload_ack(-5, true), "OK: 1");
}

TEST(FormatUploadAck, Plain) {
  EXPECT_EQ(format_upload_ack(9, false), "OK");
  EXPECT_EQ(format_upload_ack(0, false), "OK");
}

// --- DATA UPDATE lines (004 §12.1.1) --------------------------------------------------

UserRecord full_user() {
  UserRecord u;
  u.pin = "1";
  u.name = "Ali";
  u.privilege = "0";
  u.password = "123";
  u.card = "[15CD5B07]";
  u.group = "1";
  u.tz = "0000000000000000";
  u.verify = "-1";
  u.vice_card = "123456789";
  return u;
}

TEST(FormatUserUpdate, AllFieldsInSpecOrder) {
  EXPECT_EQ(format_user_update(full_user()),
            "DATA UPDATE USERINFO PIN=1\tName=Ali\tPri=0\tPasswd=123\tCard=[15CD5B07]\tGrp=1\t"
            "TZ=0000000000000000\tVerify=-1\tViceCard=123456789");
}

TEST(FormatUserUpdate, OnlyPresentFieldsPinFirst) {
  UserRecord u;
  u.pin = "982";
  u.card = "";  // present but empty is still sent (clears the card)
  u.name = "Richard";
  EXPECT_EQ(format_user_update(u), "DATA UPDATE USERINFO PIN=982\tName=Richard\tCard=");
  UserRecord bare;
  bare.pin = "7";
  EXPECT_EQ(format_user_update(bare), "DATA UPDATE USERINFO PIN=7");
}

TEST(FormatUserUpdate, ValidityDatesAndNoExtraKeys) {
  UserRecord u;
  u.pin = "5";
  u.start_datetime = "20240101";
  u.end_datetime = "20241231";
  u.extra = {{"Expires", "1"}};
  EXPECT_EQ(format_user_update(u),
            "DATA UPDATE USERINFO PIN=5\tStartDatetime=20240101\tEndDatetime=20241231");
}

TEST(FormatUserUpdate, TabsAndLineBreaksInValuesAreNeutralised) {
  UserRecord u;
  u.pin = "1";
  u.name = "A\tPri=14\nC:9:CLEAR DATA";
  EXPECT_EQ(format_user_update(u), "DATA UPDATE USERINFO PIN=1\tName=A Pri=14 C:9:CLEAR DATA");
}

TemplateRecord tmpl(TemplateKind kind) {
  TemplateRecord t;
  t.kind = kind;
  t.pin = std::string("1");  // a move: assigning the literal trips GCC 12's false -Wrestrict (bug 105329)
  t.no = 6;
  t.index = 2;
  t.valid = 1;
  t.tmp = "c2FmZHNhd3Jyd3JlcmVyZXJlcnc=";  // 28 characters (004:L4091 example)
  return t;
}

TEST(FormatTemplateUpdate, Fingerprint) {  // 004 §12.1.1.3
  EXPECT_EQ(format_template_update(tmpl(TemplateKind::kFingerprint)),
            "DATA UPDATE FINGERTMP PIN=1\tFID=6\tSize=28\tValid=1\tTMP=c2FmZHNhd3Jyd3JlcmVyZXJlcnc=");
}

TEST(FormatTemplateUpdate, FingerprintDuressValid) {
  TemplateRecord t = tmpl(TemplateKind::kFingerprint);
  t.valid = 3;
  t.tmp = "QUJD";
  EXPECT_EQ(format_template_update(t), "DATA UPDATE FINGERTMP PIN=1\tFID=6\tSize=4\tValid=3\tTMP=QUJD");
}

TEST(FormatTemplateUpdate, SizeIsTheLengthOfTheTmpSent) {
  TemplateRecord t = tmpl(TemplateKind::kFingerprint);
  t.size = 1588;  // declared at upload, disagrees with the text
  t.tmp = "QUJDRA==";
  EXPECT_EQ(format_template_update(t), "DATA UPDATE FINGERTMP PIN=1\tFID=6\tSize=8\tValid=1\tTMP=QUJDRA==");
}

TEST(FormatTemplateUpdate, Face) {  // 004 §12.1.1.4: Valid before Size
  TemplateRecord t = tmpl(TemplateKind::kFace);
  t.no = 0;
  EXPECT_EQ(format_template_update(t),
            "DATA UPDATE FACE PIN=1\tFID=0\tValid=1\tSize=28\tTMP=c2FmZHNhd3Jyd3JlcmVyZXJlcnc=");
}

TEST(FormatTemplateUpdate, FingerVein) {  // 004 §12.1.1.5
  EXPECT_EQ(format_template_update(tmpl(TemplateKind::kFingerVein)),
            "DATA UPDATE FVEIN Pin=1\tFID=6\tIndex=2\tValid=1\tSize=28\tTmp=c2FmZHNhd3Jyd3JlcmVyZXJlcnc=");
}

TEST(FormatTemplateUpdate, Biodata) {  // 004 §12.1.1.6
  TemplateRecord t = tmpl(TemplateKind::kBiodata);
  t.pin = "306";
  t.no = 0;
  t.index = 0;
  t.duress = 0;
  t.bio_type = 9;
  t.major_ver = "40";
  t.minor_ver = "1";
  t.format = "0";
  t.tmp = "QUJD";
  EXPECT_EQ(format_template_update(t),
            "DATA UPDATE BIODATA Pin=306\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=40\t"
            "MinorVer=1\tFormat=0\tTmp=QUJD");
  t.format.clear();
  t.duress = 1;
  EXPECT_EQ(format_template_update(t),
            "DATA UPDATE BIODATA Pin=306\tNo=0\tIndex=0\tValid=1\tDuress=1\tType=9\tMajorVer=40\t"
            "MinorVer=1\tFormat=0\tTmp=QUJD");
}

TEST(FormatTemplateUpdate, LineBreaksInsideTmpAreNeutralised) {
  TemplateRecord t = tmpl(TemplateKind::kFingerprint);
  t.tmp = "QU\r\n\tJD";  // R14's logging artefact
  EXPECT_EQ(format_template_update(t), "DATA UPDATE FINGERTMP PIN=1\tFID=6\tSize=7\tValid=1\tTMP=QU   JD");
}

// --- remote attendance (004 §14) and background verification (002) ---------------

TEST(FormatRemoteAttendance, UserFingerprintsThenOk) {
  UserRecord u = full_user();
  TemplateRecord fp0 = tmpl(TemplateKind::kFingerprint);
  fp0.no = 0;
  fp0.tmp = "QUJD";
  TemplateRecord face = tmpl(TemplateKind::kFace);
  TemplateRecord fp1 = tmpl(TemplateKind::kFingerprint);
  fp1.no = 1;
  fp1.tmp = "RUZH";
  EXPECT_EQ(format_remote_attendance(u, {fp0, face, fp1}),
            "DATA UPDATE USERINFO PIN=1\tName=Ali\tPasswd=123\tCard=[15CD5B07]\tGrp=1\t"
            "TZ=0000000000000000\tPri=0\n"
            "DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=4\tValid=1\tTMP=QUJD\n"
            "DATA UPDATE FINGERTMP PIN=1\tFID=1\tSize=4\tValid=1\tTMP=RUZH\n"
            "OK");
}

TEST(FormatRemoteAttendance, UserWithoutTemplates) {
  UserRecord u;
  u.pin = "147";
  u.name = "Bo";
  EXPECT_EQ(format_remote_attendance(u, {}), "DATA UPDATE USERINFO PIN=147\tName=Bo\nOK");
}

TEST(FormatAuth, Success) {  // 002:L1517-1523, EMIT-11
  EXPECT_EQ(format_auth_success(full_user()), "AUTH=Success\tPIN=1\tName=Ali\tPri=0\tTZ=0000000000000000\n");
  UserRecord u;
  u.pin = "982";
  EXPECT_EQ(format_auth_success(u), "AUTH=Success\tPIN=982\n");
}

TEST(FormatAuth, Failed) { EXPECT_EQ(kAuthFailed, "AUTH=Failed\n"); }

}  // namespace
}  // namespace zkpush::protocol
