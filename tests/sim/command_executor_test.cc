// The executor's dispatch and the control commands (004 §12.2-12.4, §12.7),
// in both dialects, reply bytes exact; every reply also read back with the
// server's devicecmd parser.
#include "sim/command_executor.h"

#include <gtest/gtest.h>

#include <random>

#include "executor_test_util.h"

namespace zkpush::sim {
namespace {

using exec_test::kNow;
using exec_test::legacy_terminal;
using exec_test::make_attlog;
using exec_test::make_fp;
using exec_test::make_user;
using exec_test::parsed_reply;
using exec_test::run;

TerminalDb sample_db() {
  TerminalDb db;
  db.users["1"] = make_user("1", "Ali");
  db.templates.push_back(make_fp("1", 0));
  protocol::TemplateRecord bio = make_fp("1", 0);
  bio.kind = protocol::TemplateKind::kBiodata;
  bio.bio_type = 9;
  db.templates.push_back(bio);
  db.attlogs.push_back({make_attlog("1", "2024-04-30 08:00:00"), true});
  db.attlogs.push_back({make_attlog("1", "2024-04-30 17:00:00"), false});
  db.attlogs.push_back({make_attlog("1", "2024-05-01 08:00:00"), false});
  db.oplogs.push_back({protocol::OplogRecord{0, "0", "2024-04-30 07:00:00", "", "", "", ""}, true});
  db.attendance_photos.push_back(
      {protocol::PhotoRecord{protocol::PhotoKind::kAttendance, "1", "20240430080000-1.jpg", 0, std::nullopt, "jpeg"},
       true});
  db.user_photos["1"] = "jpeg";
  db.options["FingerFunOn"] = "1";
  db.tables["SMS"] = {{{"UID", "1"}, {"MSG", "hi"}}};
  db.files["/mnt/mtdblock/options.cfg"] = "a=1";
  return db;
}

TEST(SimCommandExecutor, UnknownCommandsAreNotSupported) {
  TerminalDb db = sample_db();
  // B6: a SpeedFace-V5L answers these -1002.
  EXPECT_EQ(run(db, "USER ADD PIN=1").reply, "ID=7&Return=-1002&CMD=USER");
  EXPECT_EQ(run(db, "USER DEL PIN=1").reply, "ID=7&Return=-1002&CMD=USER");
  EXPECT_EQ(run(db, "DATA DEL PIN=1").reply, "ID=7&Return=-1002&CMD=DATA");
  EXPECT_EQ(run(db, "FROBNICATE").reply, "ID=7&Return=-1002&CMD=FROBNICATE");
  EXPECT_EQ(run(db, "SET OPTIONS A=1").reply, "ID=7&Return=-1002&CMD=SET");  // AMB-09
  EXPECT_EQ(run(db, "CLEAR EVERYTHING").reply, "ID=7&Return=-1002&CMD=CLEAR");
  EXPECT_EQ(run(db, "RELOAD").reply, "ID=7&Return=-1002&CMD=RELOAD");
  EXPECT_EQ(run(db, "").reply, "ID=7&Return=-1002&CMD=");
  EXPECT_EQ(db.users.size(), 1u);
  EXPECT_FALSE(db.options.contains("A"));
}

TEST(SimCommandExecutor, IdIsEchoedAndLayoutBlanksIgnored) {
  TerminalDb db;
  // 004 prints "C: ${CmdID}: CHECK"; a CRLF command line leaves a CR.
  EXPECT_EQ(execute_command(db, exec_test::modern_terminal(), "abc123XYZ", "  check\r", kNow).reply,
            "ID=abc123XYZ&Return=0&CMD=CHECK");
}

TEST(SimCommandExecutor, ClearCommandsEraseTheirDataOnly) {
  TerminalDb db = sample_db();
  EXPECT_EQ(run(db, "CLEAR LOG").reply, "ID=7&Return=0&CMD=CLEAR_LOG");
  EXPECT_TRUE(db.attlogs.empty());
  EXPECT_EQ(db.attendance_photos.size(), 1u);
  EXPECT_EQ(run(db, "CLEAR PHOTO").reply, "ID=7&Return=0&CMD=clear_photo");  // 004 L3778
  EXPECT_TRUE(db.attendance_photos.empty());
  EXPECT_EQ(db.users.size(), 1u);
  EXPECT_EQ(run(db, "CLEAR BIODATA").reply, "ID=7&Return=0&CMD=CLEAR_BIODATA");
  ASSERT_EQ(db.templates.size(), 1u);
  EXPECT_EQ(db.templates[0].kind, protocol::TemplateKind::kFingerprint);
  EXPECT_EQ(run(db, "CLEAR DATA").reply, "ID=7&Return=0&CMD=CLEAR_DATA");
  EXPECT_TRUE(db.users.empty());
  EXPECT_TRUE(db.templates.empty());
  EXPECT_TRUE(db.oplogs.empty());
  EXPECT_TRUE(db.user_photos.empty());
  EXPECT_TRUE(db.tables.empty());
  EXPECT_EQ(db.options.size(), 1u);  // configuration survives
  EXPECT_EQ(db.files.size(), 1u);
}

TEST(SimCommandExecutor, LegacyClearRepliesHaveNoCmd) {
  TerminalDb db = sample_db();
  EXPECT_EQ(run(db, "CLEAR LOG", legacy_terminal()).reply, "ID=7&Return=0");  // 000:L359, AMB-08
  EXPECT_TRUE(db.attlogs.empty());
  EXPECT_EQ(run(db, "CLEAR DATA", legacy_terminal()).reply, "ID=7&Return=0");
  EXPECT_TRUE(db.users.empty());
  auto r = parsed_reply(run(db, "CLEAR PHOTO", legacy_terminal()).reply);
  EXPECT_EQ(r.id, "7");
  EXPECT_EQ(r.return_code, 0);
  EXPECT_EQ(r.cmd, "");
}

TEST(SimCommandExecutor, CheckAndLogAskTheTerminalToUpload) {
  TerminalDb db;
  CommandOutcome check = run(db, "CHECK");
  EXPECT_EQ(check.reply, "ID=7&Return=0&CMD=CHECK");
  EXPECT_TRUE(check.reupload_all);
  EXPECT_TRUE(check.reload_options);
  EXPECT_FALSE(check.upload_new);
  EXPECT_FALSE(check.reboot);
  EXPECT_EQ(run(db, "CHECK", legacy_terminal()).reply, "ID=7&SN=OLD0001&Return=0&CMD=CHECK");  // 000:L329

  CommandOutcome log = run(db, "LOG");
  EXPECT_EQ(log.reply, "ID=7&Return=0&CMD=LOG");
  EXPECT_TRUE(log.upload_new);
  EXPECT_FALSE(log.reupload_all);
  EXPECT_FALSE(log.reload_options);
  EXPECT_TRUE(log.uploads.empty());
}

TEST(SimCommandExecutor, VerifySumCountsTheWindow) {
  TerminalDb db = sample_db();
  CommandOutcome o = run(db, "VERIFY SUM ATTLOG StartTime=2024-04-30 00:00:00\tEndTime=2024-04-30 17:00:00");
  EXPECT_EQ(o.reply,
            "ID=7&Return=0&CMD=VERIFY SUM&StartTime=2024-04-30 00:00:00&EndTime=2024-04-30 17:00:00&AttlogSum=2");
  auto r = parsed_reply(o.reply);
  EXPECT_EQ(r.cmd, "VERIFY SUM");
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[2], (std::pair<std::string, std::string>{"AttlogSum", "2"}));
  // 004's printed spacing "XX: XX: XX", space-separated arguments.
  EXPECT_EQ(run(db, "VERIFY SUM ATTLOG StartTime=2024-05-01 00: 00: 00 EndTime=2024-05-01 23: 59: 59").reply,
            "ID=7&Return=0&CMD=VERIFY SUM&StartTime=2024-05-01 00:00:00&EndTime=2024-05-01 23:59:59&AttlogSum=1");
  EXPECT_EQ(run(db, "VERIFY SUM ATTLOG StartTime=2030-01-01 00:00:00\tEndTime=2030-01-02 00:00:00").reply,
            "ID=7&Return=0&CMD=VERIFY SUM&StartTime=2030-01-01 00:00:00&EndTime=2030-01-02 00:00:00&AttlogSum=0");
  EXPECT_EQ(run(db, "VERIFY SUM ATTLOG StartTime=yesterday").reply, "ID=7&Return=-1&CMD=VERIFY SUM");
  EXPECT_EQ(run(db, "VERIFY SUM OPERLOG StartTime=2024-05-01 00:00:00\tEndTime=2024-05-01 23:59:59").reply,
            "ID=7&Return=-1004&CMD=VERIFY SUM");
  EXPECT_EQ(run(db, "VERIFY ATTLOG").reply, "ID=7&Return=-1002&CMD=VERIFY");
}

TEST(SimCommandExecutor, SetOptionStoresOneOption) {
  TerminalDb db;
  EXPECT_EQ(run(db, "SET OPTION IPAddress=192.168.1.225").reply, "ID=7&Return=0&CMD=SET OPTION");
  EXPECT_EQ(db.options.at("IPAddress"), "192.168.1.225");
  // The value is everything after the first '=' (spaces, '=' and commas kept).
  EXPECT_EQ(run(db, "SET OPTION ~OEMVendor = ZKTECO CO., LTD. a=b").reply, "ID=7&Return=0&CMD=SET OPTION");
  EXPECT_EQ(db.options.at("~OEMVendor"), "ZKTECO CO., LTD. a=b");
  EXPECT_EQ(run(db, "SET OPTION Delay=5", legacy_terminal()).reply,
            "ID=7&SN=OLD0001&Return=0&CMD=SET OPTION");  // 000:L470
  EXPECT_EQ(db.options.at("Delay"), "5");
  EXPECT_EQ(run(db, "SET OPTION novalue").reply, "ID=7&Return=-1&CMD=SET OPTION");
  EXPECT_EQ(run(db, "SET OPTION =1").reply, "ID=7&Return=-1&CMD=SET OPTION");
  EXPECT_EQ(db.options.size(), 3u);
  auto r = parsed_reply(run(db, "SET OPTION X=1").reply);
  EXPECT_EQ(r.cmd, "SET OPTION");
  EXPECT_EQ(r.return_code, 0);
}

TEST(SimCommandExecutor, ReloadOptionsAndReboot) {
  TerminalDb db;
  CommandOutcome reload = run(db, "RELOAD OPTIONS");
  EXPECT_EQ(reload.reply, "ID=7&Return=0&CMD=RELOAD OPTIONS");
  EXPECT_TRUE(reload.reload_options);
  EXPECT_FALSE(reload.reboot);
  EXPECT_EQ(run(db, "RELOAD OPTIONS", legacy_terminal()).reply, "ID=7&SN=OLD0001&Return=0");  // 000:L564

  CommandOutcome reboot = run(db, "REBOOT");
  EXPECT_EQ(reboot.reply, "ID=7&Return=0&CMD=REBOOT");
  EXPECT_TRUE(reboot.reboot);
  EXPECT_FALSE(reboot.reload_options);
}

TEST(SimCommandExecutor, DoorCommandsAndTheirLegacyCmd) {
  TerminalDb db;
  EXPECT_EQ(run(db, "AC_UNLOCK").reply, "ID=7&Return=0&CMD=AC_UNLOCK");
  EXPECT_EQ(run(db, "AC_UNALARM").reply, "ID=7&Return=0&CMD=AC_UNALARM");
  EXPECT_EQ(run(db, "AC_UNLOCK", legacy_terminal()).reply, "ID=7&Return=0&CMD=LOG");  // AMB-07
  EXPECT_EQ(run(db, "AC_UNALARM", legacy_terminal()).reply, "ID=7&Return=0&CMD=LOG");
}

TEST(SimCommandExecutor, InfoReplyIsMultiLineLikeR27) {
  TerminalDb db = sample_db();
  CommandOutcome o = run(db, "INFO");
  const std::string expected_start = "ID=7&Return=0&CMD=INFO\n~DeviceName=zkpush-sim\nMAC=00:17:61:";
  EXPECT_EQ(o.reply.rfind(expected_start, 0), 0u) << o.reply;
  EXPECT_NE(o.reply.back(), '\n');
  auto r = parsed_reply(o.reply);
  EXPECT_EQ(r.id, "7");
  EXPECT_EQ(r.cmd, "INFO");
  EXPECT_EQ(r.return_code, 0);
  auto value = [&](std::string_view key) {
    for (const auto& [k, v] : r.fields)
      if (k == key) return v;
    return std::string("<absent>");
  };
  EXPECT_EQ(value("TransactionCount"), "3");
  EXPECT_EQ(value("UserCount"), "1");
  EXPECT_EQ(value("FPCount"), "1");
  EXPECT_EQ(value("FaceCount"), "0");
  EXPECT_EQ(value("FWVersion"), "Ver 8.0.4.3-20220708");
  EXPECT_EQ(value("~SerialNumber"), "SIM0001");
  EXPECT_EQ(value("FingerFunOn"), "1");
}

TEST(SimCommandExecutor, SmsIsA000CommandOnly) {
  TerminalDb db;
  const char* sms = "SMS MSG=Meeting at 10\tTAG=254\tUID=5\tMIN=60\tStartTime=2024-05-01 09:00:00";
  EXPECT_EQ(run(db, sms).reply, "ID=7&Return=-1002&CMD=SMS");
  EXPECT_TRUE(db.tables.empty());
  EXPECT_EQ(run(db, sms, legacy_terminal()).reply, "ID=7&Return=0&CMD=SMS");
  ASSERT_EQ(db.tables["SMS"].size(), 1u);
  EXPECT_EQ(db.tables["SMS"][0][0], (std::pair<std::string, std::string>{"MSG", "Meeting at 10"}));
}

TEST(SimCommandExecutor, BatchedRepliesParseOnTheServerInBothDialects) {
  // The terminal posts one poll's replies joined by LF (R34); the server's
  // parser must find each with its ID, Return and CMD. Content-bearing
  // replies (Shell) go last, as nothing may follow Content.
  struct Case {
    const char* command;
    int code;
    const char* cmd_modern;
    const char* cmd_legacy;
  };
  const Case cases[] = {
      {"DATA UPDATE USERINFO PIN=5\tName=E", 0, "DATA", "DATA"},
      {"DATA UPDATE FINGERTMP PIN=404\tFID=0\tTMP=QUJD", -10, "DATA", "DATA"},
      {"CLEAR PHOTO", 0, "clear_photo", ""},
      {"CHECK", 0, "CHECK", "CHECK"},
      {"LOG", 0, "LOG", "LOG"},
      {"SET OPTION Delay=5", 0, "SET OPTION", "SET OPTION"},
      {"RELOAD OPTIONS", 0, "RELOAD OPTIONS", ""},
      {"AC_UNLOCK", 0, "AC_UNLOCK", "LOG"},
      {"ENROLL_FP PIN=1\tFID=0\tRETRY=1\tOVERWRITE=0", 2, "ENROLL_FP", "ENROLL_FP"},
      {"USER ADD PIN=1", -1002, "USER", "USER"},
      {"INFO", 0, "INFO", "INFO"},
      {"SHELL echo done", 0, "Shell", "Shell"},
  };
  for (bool legacy : {false, true}) {
    TerminalDb db = sample_db();
    const TerminalIdentity t = legacy ? legacy_terminal() : exec_test::modern_terminal();
    std::string body;
    for (std::size_t i = 0; i < std::size(cases); ++i) {
      if (!body.empty()) body += "\n";
      body += execute_command(db, t, std::to_string(100 + i), cases[i].command, kNow).reply;
    }
    // No LF after the last reply: it would become part of Shell's Content (R28 ends with the output's own LF).
    auto replies = protocol::parse_devicecmd(body);
    ASSERT_EQ(replies.size(), std::size(cases)) << body;
    for (std::size_t i = 0; i < std::size(cases); ++i) {
      EXPECT_EQ(replies[i].id, std::to_string(100 + i));
      EXPECT_EQ(replies[i].return_code, cases[i].code) << cases[i].command;
      EXPECT_EQ(replies[i].cmd, legacy ? cases[i].cmd_legacy : cases[i].cmd_modern) << cases[i].command;
    }
    EXPECT_EQ(replies.back().content, "done\n");
  }
}

TEST(SimCommandExecutor, GarbageNeverCrashesAndAlwaysReplies) {
  const std::vector<std::string> samples = {"DATA",
                                            "DATA UPDATE",
                                            "DATA UPDATE USERINFO",
                                            "DATA QUERY ATTLOG",
                                            "DATA DELETE",
                                            "DATA UPDATE FINGERTMP \t\t=\t=",
                                            "ENROLL_FP",
                                            "ENROLL_BIO TYPE=x",
                                            "PutFile",
                                            "UPGRADE",
                                            "UPGRADE ,,,=,",
                                            "GetFile",
                                            "SHELL",
                                            "VERIFY",
                                            "VERIFY SUM",
                                            "SET",
                                            "SET OPTION",
                                            std::string("DATA UPDATE USERINFO PIN=\0\x01", 26),
                                            "C:1:C:2",
                                            "DATA QUERY BIODATA Type=99999999999999999999",
                                            "ENROLL_FP PIN=1\tFID=-2147483649"};
  std::mt19937 rng(42);
  std::vector<std::string> inputs = samples;
  const std::string alphabet = "DATAUPDELQRYSNFOINFPGTV=\t \r\n\x00\xff,&PIN1:";
  for (int i = 0; i < 2000; ++i) {
    std::string s = samples[rng() % samples.size()];
    const std::size_t extra = rng() % 24;
    for (std::size_t k = 0; k < extra; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    inputs.push_back(std::move(s));
  }
  for (bool legacy : {false, true}) {
    TerminalDb db = sample_db();
    const TerminalIdentity t = legacy ? legacy_terminal() : exec_test::modern_terminal();
    for (const std::string& input : inputs) {
      CommandOutcome o = execute_command(db, t, "9", input, kNow);
      ASSERT_EQ(o.reply.rfind("ID=9", 0) == 0 || o.download.has_value(), true) << input;
    }
  }
}

}  // namespace
}  // namespace zkpush::sim
