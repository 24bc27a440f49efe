#include "protocol/command_text.h"

#include <gtest/gtest.h>

#include "protocol/format.h"

namespace zkpush::protocol {
namespace {

TEST(FormatCommand, WordsThenTabSeparatedPairs) {  // 004 §12.1, ${SP} and ${HT}
  EXPECT_EQ(format_command("DATA DELETE FINGERTMP", {{"PIN", "982"}, {"FID", "1"}}),
            "DATA DELETE FINGERTMP PIN=982\tFID=1");
  EXPECT_EQ(format_command("ENROLL_MF", {{"PIN", "408"}, {"RETRY", "3"}}), "ENROLL_MF PIN=408\tRETRY=3");  // §12.6.2
  EXPECT_EQ(format_command("CLEAR LOG", {}), "CLEAR LOG");
  EXPECT_EQ(format_command("DATA UPDATE USERINFO", {{"PIN", "1"}, {"Name", ""}}), "DATA UPDATE USERINFO PIN=1\tName=");
}

TEST(FormatCommand, ValuesCannotForgeKeysOrCommands) {
  EXPECT_EQ(format_command("DATA UPDATE SMS", {{"MSG", "a\tUID=9\nC:9:CLEAR DATA"}}),
            "DATA UPDATE SMS MSG=a UID=9 C:9:CLEAR DATA");
  EXPECT_EQ(format_command_argument("SHELL", "ls\n\rrm -rf /"), "SHELL ls  rm -rf /");
  EXPECT_EQ(format_set_option("Delay", "10\nC:1:REBOOT"), "SET OPTION Delay=10 C:1:REBOOT");
  EXPECT_EQ(format_upgrade(UpgradeMethod::kDirect, "ab", "http://a/b,size=1", 5),
            "UPGRADE type=1,checksum=ab,size=5,url=http://a/b size=1");
}

TEST(FormatCommand, ArgumentKeepsItsTabs) {  // §12.8.1: the system command is the rest of the line
  EXPECT_EQ(format_command_argument("SHELL", "cut -f1 -d'\t' f"), "SHELL cut -f1 -d'\t' f");
  EXPECT_EQ(format_command_argument("GetFile", "/mnt/mtdblock/options.cfg"), "GetFile /mnt/mtdblock/options.cfg");
  EXPECT_EQ(format_set_option("TransFlag", "TransData AttLog\tOpLog"), "SET OPTION TransFlag=TransData AttLog\tOpLog");
}

TEST(FormatPutFile, BothFunctions) {  // §12.5.2 examples 1-3 and function 2
  EXPECT_EQ(format_put_file("file/fw/X938/main.tgz", "", {}), "PutFile file/fw/X938/main.tgz");
  EXPECT_EQ(format_put_file("file/fw/X938/main.tgz", "/mnt/", {}), "PutFile file/fw/X938/main.tgz\t/mnt/");
  EXPECT_EQ(
      format_put_file("file/u.tgz", "/mnt/", {{"Action", "SyncData"}, {"TableName", "USERINFO"}, {"RecordCount", "2"}}),
      "PutFile file/u.tgz\t/mnt/\tAction=SyncData\tTableName=USERINFO\tRecordCount=2");
  EXPECT_EQ(format_put_file("file/u.tgz", "/mnt/", {{"Action", "AppendData"}}),
            "PutFile file/u.tgz\t/mnt/\tAction=AppendData");
}

TEST(FormatUpgrade, EachMethodInItsOrder) {  // §12.8.2
  EXPECT_EQ(format_upgrade(UpgradeMethod::kBase64, "a5bf", "http://h/emfw.cfg", 2312),
            "UPGRADE checksum=a5bf,url=http://h/emfw.cfg,size=2312");
  EXPECT_EQ(format_upgrade(UpgradeMethod::kDirect, "a5bf", "http://h/emfw.cfg", 6558),
            "UPGRADE type=1,checksum=a5bf,size=6558,url=http://h/emfw.cfg");
  EXPECT_EQ(format_upgrade(UpgradeMethod::kRanged, "a5bf", "http://h/emfw.cfg", 6558),
            "UPGRADE checksum=a5bf,size=6558,url=http://h/emfw.cfg,supportsubcontracting=1");
}

TEST(FormatCommand, GoesOutAsOneCommandLine) {
  std::string out;
  append_command_line(out, "7", format_command("DATA QUERY FINGERTMP", {{"PIN", "1"}, {"FingerID", "6"}}));
  EXPECT_EQ(out, "C:7:DATA QUERY FINGERTMP PIN=1\tFingerID=6\n");
}

TEST(CommandPin, ThePinKeyOfAPersonsCommand) {
  EXPECT_EQ(command_pin("DATA UPDATE USERINFO PIN=1452\tName=Ana\tCard=4401"), "1452");
  EXPECT_EQ(command_pin("DATA UPDATE BIODATA Pin=7\tNo=0\tIndex=0\tType=9"), "7");
  EXPECT_EQ(command_pin("DATA DELETE USERINFO PIN=7"), "7");
  EXPECT_EQ(command_pin("PIN=3\tFID=6"), "3");
  EXPECT_EQ(command_pin("DATA UPDATE X CardPIN=9\tPIN=4"), "4");  // a key ending in PIN is another key
  EXPECT_EQ(command_pin("DATA UPDATE USERINFO PIN=\tName=x"), "");
  EXPECT_EQ(command_pin("INFO"), std::nullopt);
  EXPECT_EQ(command_pin("SET OPTION Delay=10"), std::nullopt);
}

}  // namespace
}  // namespace zkpush::protocol
