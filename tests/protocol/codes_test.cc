#include "protocol/codes.h"

#include <gtest/gtest.h>

namespace zkpush::protocol {
namespace {

TEST(ReturnCodes, Appendix1) {
  EXPECT_EQ(return_code_message(0), "Successful");
  EXPECT_EQ(return_code_message(-3), "Read/write error");
  EXPECT_EQ(return_code_message(-9), "Template data does not match the given size");
  EXPECT_EQ(return_code_message(-10), "The user specified by PIN does not exist on the device");
  EXPECT_EQ(return_code_message(-30), "Unified template algorithm version mismatch");
  EXPECT_EQ(return_code_message(-1002), "Not supported by the device");  // B6: USER ADD
  EXPECT_EQ(return_code_message(-1008), "Failed to get server data");
}

TEST(ReturnCodes, Push3Minus629) {  // B4: acc firmware rejects DATA QUERY USERINFO
  EXPECT_EQ(return_code_message(-629),
            "Command not supported by this firmware (PUSH 3.x table syntax required)");
}

TEST(ReturnCodes, UnknownAndCountsAreEmpty) {
  EXPECT_EQ(return_code_message(-4), "");
  EXPECT_EQ(return_code_message(-1009), "");
  EXPECT_EQ(return_code_message(8095), "");  // ACCOUNT count, not an error
}

TEST(CommandReturnCodes, EnrolmentCodesForEnrolFpAndBio) {  // 004 Appendix 1; 000:L586-590
  EXPECT_EQ(command_return_message("ENROLL_FP PIN=1\tFID=0", 0), "Successful");
  EXPECT_EQ(command_return_message("ENROLL_FP PIN=1\tFID=0", 2), "The user already has this fingerprint");
  EXPECT_EQ(command_return_message("ENROLL_FP PIN=1", 5), "Fingerprint already in the database");
  EXPECT_EQ(command_return_message("ENROLL_BIO TYPE=9\tPIN=1", 7), "Device busy");
  EXPECT_EQ(command_return_message("ENROLL_FP PIN=1", -1), "Parameter incorrect or command not supported");
  EXPECT_EQ(command_return_message("ENROLL_FP PIN=1", 3), "");
  // The same numbers mean other things for other commands.
  EXPECT_EQ(command_return_message("DATA UPDATE USERINFO PIN=1", 2), "");
  EXPECT_EQ(command_return_message("DATA UPDATE USERINFO PIN=1", -2),
            "User photo data does not match the given size");
}

TEST(CommandReturnCodes, EnrolCardHasItsOwnTable) {  // 004 §12.6.2, AMB-36
  EXPECT_EQ(command_return_message("ENROLL_MF PIN=408\tRETRY=3", 5), "Enrolment timed out");
  EXPECT_EQ(command_return_message("ENROLL_MF PIN=408\tRETRY=3", 4), "Enrolment failed after the retries");
  EXPECT_EQ(command_return_message("ENROLL_MF PIN=408\tRETRY=3", 6), "Enrolment cancelled (Esc pressed)");
  EXPECT_EQ(command_return_message("ENROLL_MF PIN=408\tRETRY=3", -3), "Read/write error");
}

TEST(CommandReturnCodes, FirmwareMeaningsAndCounts) {
  EXPECT_EQ(command_return_message("GetFile /mnt/x", -2), "The file does not exist on the device");  // B6
  EXPECT_EQ(command_return_message("DATA QUERY ATTLOG StartTime=2026-01-01 00:00:00", -1),
            "Parameter incorrect, or no records in the window");  // B6
  EXPECT_EQ(command_return_message("DATA QUERY USERINFO", -629),
            "Command not supported by this firmware (PUSH 3.x table syntax required)");  // B4
  EXPECT_EQ(command_return_message("PutFile f/u.tgz\t/mnt/\tAction=SyncData\tTableName=USERINFO", 12),
            "Data synchronized: 12 commands processed");  // Appendix 1
  EXPECT_EQ(command_return_message("PutFile f/u.tgz\t/mnt/", 4096), "");  // bytes downloaded
  EXPECT_EQ(command_return_message("DATA QUERY USERINFO", 3), "");         // rows uploaded (B4)
  EXPECT_EQ(command_return_message("  INFO", 0), "Successful");
}

TEST(Languages, Appendix2) {
  EXPECT_EQ(language_name("83"), "Simplified Chinese");
  EXPECT_EQ(language_name("69"), "English");
  EXPECT_EQ(language_name("73"), "Indonesian");  // R01
  EXPECT_EQ(language_name("66"), "Arabic");      // R07
  EXPECT_EQ(language_name("97"), "Spanish");
  EXPECT_EQ(language_name("116"), "Turkish");
  EXPECT_EQ(language_name("84"), "Traditional Chinese");
  EXPECT_EQ(language_name(" 69 "), "English");
  EXPECT_EQ(language_name(""), "");
  EXPECT_EQ(language_name("1"), "");   // 003's numbering is not used
  EXPECT_EQ(language_name("E"), "");
}

TEST(Languages, OnlySimplifiedChineseIsGb2312) {
  EXPECT_TRUE(is_gb2312_language("83"));
  EXPECT_TRUE(is_gb2312_language("83 "));
  EXPECT_FALSE(is_gb2312_language("84"));
  EXPECT_FALSE(is_gb2312_language("69"));
  EXPECT_FALSE(is_gb2312_language(""));
  EXPECT_FALSE(is_gb2312_language("830"));
}

TEST(AttlogCodes, Status) {
  EXPECT_EQ(attlog_status_name(0), "Check-in");
  EXPECT_EQ(attlog_status_name(1), "Check-out");
  EXPECT_EQ(attlog_status_name(5), "Overtime out");
  EXPECT_EQ(attlog_status_name(9), "Meal end");
  EXPECT_EQ(attlog_status_name(255), "Undefined (no state key pressed)");  // R19
  EXPECT_EQ(attlog_status_name(6), "");
}

TEST(AttlogCodes, VerifyDependsOnTheGeneration) {  // AMB-12
  EXPECT_EQ(attlog_verify_name(0, true), "Password");
  EXPECT_EQ(attlog_verify_name(2, true), "Card");
  EXPECT_EQ(attlog_verify_name(9, true), "Other");
  EXPECT_EQ(attlog_verify_name(15, true), "");
  EXPECT_EQ(attlog_verify_name(15, false), "Face");  // R09
  EXPECT_EQ(attlog_verify_name(1, false), "Fingerprint only");
  EXPECT_EQ(attlog_verify_name(4, false), "Card only");
  EXPECT_EQ(attlog_verify_name(25, false), "Palm print");
  EXPECT_EQ(attlog_verify_name(200, false), "Other");
  EXPECT_EQ(attlog_verify_name(30, false), "");
}

TEST(VerifyModes, Appendix7) {
  EXPECT_EQ(verify_mode_name(0), "Automatic (finger vein, face, fingerprint, card or password)");
  EXPECT_EQ(verify_mode_name(9), "Fingerprint + password");
  EXPECT_EQ(verify_mode_name(29), "Palm print + fingerprint + face");
  EXPECT_EQ(verify_mode_name(-1), "");  // "use the group mode", not a mode
}

TEST(OplogCodes, Appendix3AndLegacyAdditions) {
  EXPECT_EQ(oplog_name(0), "Power on");
  EXPECT_EQ(oplog_name(4), "Enter menu");        // D06
  EXPECT_EQ(oplog_name(6), "Enroll fingerprint");  // R05
  EXPECT_EQ(oplog_name(22), "Factory reset");
  EXPECT_EQ(oplog_name(30), "Enroll new user");  // R05
  EXPECT_EQ(oplog_name(65), "Register user face");  // 002 only
  EXPECT_EQ(oplog_name(70), "Modify user name");    // R03, R17
  EXPECT_EQ(oplog_name(126), "Delete palm print");
  EXPECT_EQ(oplog_name(44), "");
  EXPECT_EQ(oplog_name(119), "");
  EXPECT_EQ(oplog_name(127), "");
}

TEST(AlarmReasons, Appendix5) {
  EXPECT_EQ(alarm_reason_name(50), "Door close detected");
  EXPECT_EQ(alarm_reason_name(58), "Try invalid verification");
  EXPECT_EQ(alarm_reason_name(65535), "Alarm cancelled");
  EXPECT_EQ(alarm_reason_name(52), "");
}

TEST(BioTypes, Section11_12) {
  EXPECT_EQ(bio_type_name(1), "Fingerprint");
  EXPECT_EQ(bio_type_name(7), "Finger vein");
  EXPECT_EQ(bio_type_name(9), "Visible light face");
  EXPECT_EQ(bio_type_name(10), "Visible light palm");
  EXPECT_EQ(bio_type_name(11), "");
}

}  // namespace
}  // namespace zkpush::protocol
