// GetFile, SHELL, PutFile and UPGRADE (004 §12.5, §12.8): multi-line
// replies with Content last (binary kept), and the downloads PutFile and
// UPGRADE describe, with their replies.
#include <gtest/gtest.h>

#include "sim/command_executor.h"
#include "sim/shell.h"
#include "executor_test_util.h"

namespace zkpush::sim {
namespace {

using namespace std::string_literals;
using exec_test::legacy_terminal;
using exec_test::parsed_reply;
using exec_test::run;

TEST(SimGetFile, SendsTheBytesWithContentLast) {
  TerminalDb db;
  const std::string bytes = "line1\nID=8&Return=0\0\xFF"s;
  db.files["/mnt/mtdblock/options.cfg"] = bytes;
  CommandOutcome o = run(db, "GetFile /mnt/mtdblock/options.cfg");
  EXPECT_EQ(o.reply, "ID=7\nSN=SIM0001\nFILENAME=/mnt/mtdblock/options.cfg\nCMD=GetFile\nReturn=21\nContent=" + bytes);
  auto r = parsed_reply(o.reply);  // the server reads the same bytes back
  EXPECT_EQ(r.id, "7");
  EXPECT_EQ(r.cmd, "GetFile");
  EXPECT_EQ(r.return_code, 21);
  EXPECT_EQ(r.content, bytes);

  EXPECT_EQ(run(db, "GetFile /etc/passwd").reply, "ID=7&Return=-2&CMD=GetFile");  // B6
  EXPECT_EQ(run(db, "GetFile").reply, "ID=7&Return=-1&CMD=GetFile");
}

TEST(SimShell, MultiLineReplyWithSnLikeR28) {
  TerminalDb db;
  CommandOutcome o = run(db, "SHELL echo 1|Ali|0", exec_test::modern_terminal(), "27");
  EXPECT_EQ(o.reply, "ID=27\nSN=SIM0001\nReturn=0\nCMD=Shell\nFILENAME=shellout.txt\nContent=1|Ali|0\n");
  auto r = parsed_reply(o.reply);
  EXPECT_EQ(r.cmd, "Shell");
  EXPECT_EQ(r.content, "1|Ali|0\n");
  EXPECT_EQ(run(db, "SHELL", legacy_terminal()).reply, "ID=7&Return=-1&CMD=Shell");  // 000:L315
  EXPECT_EQ(run(db, "Shell   ").reply, "ID=7&Return=-1&CMD=Shell");
}

TEST(SimShell, TheEmulatedBusybox) {
  TerminalDb db;
  db.files["/mnt/mtdblock/a.txt"] = "A";
  db.files["/mnt/mtdblock/b.txt"] = "B";
  db.files["/tmp/c"] = "C";
  EXPECT_EQ(run_shell(db, "date", "2026-03-24 16:12:26").output, "Tue Mar 24 16:12:26 UTC 2026\n");  // R35
  EXPECT_EQ(run_shell(db, "date", "2024-05-01 10:00:00").output, "Wed May 01 10:00:00 UTC 2024\n");
  EXPECT_EQ(run_shell(db, "ls /mnt/mtdblock", exec_test::kNow).output, "a.txt\nb.txt\n");
  EXPECT_EQ(run_shell(db, "ls", exec_test::kNow).output, "/mnt/mtdblock/a.txt\n/mnt/mtdblock/b.txt\n/tmp/c\n");
  ShellResult cat = run_shell(db, "cat /tmp/c", exec_test::kNow);
  EXPECT_EQ(cat.status, 0);
  EXPECT_EQ(cat.output, "C");
  ShellResult missing = run_shell(db, "cat /nope", exec_test::kNow);
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(missing.output, "cat: /nope: No such file or directory\n");
  ShellResult unknown = run_shell(db, "sqlite3 /mnt/mtdblock/data/ZKDB.db 'select 1'", exec_test::kNow);
  EXPECT_EQ(unknown.status, 127);
  EXPECT_EQ(unknown.output, "sh: sqlite3: not found\n");
  EXPECT_EQ(run(db, "SHELL frob").reply,
            "ID=7\nSN=SIM0001\nReturn=127\nCMD=Shell\nFILENAME=shellout.txt\nContent=sh: frob: not found\n");
}

TEST(SimPutFile, BothSeparatorsAndTheDefaultDirectory) {
  TerminalDb db;
  struct Case {
    const char* command;
    const char* url;
    const char* save_as;
  };
  const Case cases[] = {
      {"PutFile file/fw/X938/ssruser.dat\t/mnt/mtdblock/ssruser.dat", "file/fw/X938/ssruser.dat",
       "/mnt/mtdblock/ssruser.dat"},
      {"PutFile file/fw/X938/main.tgz main.tgz", "file/fw/X938/main.tgz", "main.tgz"},  // 000 space form
      {"PutFile file/fw/X938/main.tgz", "file/fw/X938/main.tgz", "/mnt/mtdblock/main.tgz"},
      {"PutFile file/fw/X938/main.tgz /mnt/", "file/fw/X938/main.tgz", "/mnt/main.tgz"},
      {"PutFile http://10.0.0.1/u.dat\t/mnt/u.dat\tAction=SyncData\tTableName=USERINFO\tRecordCount=2",
       "http://10.0.0.1/u.dat", "/mnt/u.dat"},
      {"PutFile http://10.0.0.1/a.tgz\tAction=AppendData", "http://10.0.0.1/a.tgz", "/mnt/mtdblock/a.tgz"},
  };
  for (const Case& c : cases) {
    CommandOutcome o = run(db, c.command);
    ASSERT_TRUE(o.download.has_value()) << c.command;
    EXPECT_EQ(o.download->url, c.url);
    EXPECT_EQ(o.download->save_as, c.save_as);
    EXPECT_EQ(o.download->expected_size, std::nullopt);
    EXPECT_EQ(o.download->expected_md5, "");
    EXPECT_FALSE(o.download->ranged);
    EXPECT_FALSE(o.download->base64);
    EXPECT_TRUE(o.reply.empty());
  }
  CommandOutcome bad = run(db, "PutFile");
  EXPECT_FALSE(bad.download.has_value());
  EXPECT_EQ(bad.reply, "ID=7\nReturn=-1\nCMD=PutFile");
}

TEST(SimPutFile, ActionLoadsTheCommandsOfTheFile) {  // 004 §12.5.2 function 2, Appendix 1
  TerminalDb db;
  db.users["1"] = exec_test::make_user("1", "One");
  db.templates.push_back(exec_test::make_fp("1", 0));
  const std::string file =
      "C:1:DATA UPDATE USERINFO PIN=70\tName=Seventy\n"
      "C:2:DATA UPDATE USERINFO PIN=71\tName=Seventy-one\n"
      "C:3:DATA UPDATE FINGERTMP PIN=99\tFID=0\tSize=4\tValid=1\tTMP=QUJD\n";  // no user 99: -10
  CommandOutcome sync = run(db, "PutFile file/u.txt\t/mnt/u.txt\tAction=SyncData\tTableName=USERINFO\tRecordCount=3");
  ASSERT_TRUE(sync.download.has_value());
  EXPECT_EQ(sync.download->action, "SyncData");
  EXPECT_EQ(sync.download->table, "USERINFO");
  EXPECT_EQ(load_data_file(db, exec_test::modern_terminal(), *sync.download, file, exec_test::kNow), 2);
  EXPECT_EQ(db.users.size(), 2u);  // user 1 replaced by the file's
  EXPECT_EQ(*db.users.at("71").name, "Seventy-one");
  EXPECT_EQ(db.templates.size(), 1u);  // SyncData USERINFO leaves the templates

  CommandOutcome append = run(db, "PutFile file/u.txt\t/mnt/u.txt\tAction=AppendData");
  ASSERT_TRUE(append.download.has_value());
  db.users["5"] = exec_test::make_user("5", "Five");
  EXPECT_EQ(load_data_file(db, exec_test::modern_terminal(), *append.download, file, exec_test::kNow), 2);
  EXPECT_EQ(db.users.size(), 3u);  // appended: 5 stays
  EXPECT_EQ(load_data_file(db, exec_test::modern_terminal(), *append.download, "not commands\n", exec_test::kNow), -1);

  EXPECT_EQ(run(db, "PutFile file/u.txt\t/mnt/u.txt\tAction=Replace").reply, "ID=7\nReturn=-1\nCMD=PutFile");
}

TEST(SimUpgrade, ThreeMethods) {
  TerminalDb db;
  CommandOutcome m1 =
      run(db, "UPGRADE checksum=A5BF4DCD6020F408589224274AAB132D,url=http://h:8088/fw/F20/emfw.cfg,size=2312");
  ASSERT_TRUE(m1.download.has_value());
  EXPECT_EQ(m1.download->url, "http://h:8088/fw/F20/emfw.cfg");
  EXPECT_EQ(m1.download->save_as, "emfw.cfg");
  EXPECT_EQ(m1.download->expected_size, 2312u);
  EXPECT_EQ(m1.download->expected_md5, "a5bf4dcd6020f408589224274aab132d");
  EXPECT_TRUE(m1.download->base64);
  EXPECT_FALSE(m1.download->ranged);

  CommandOutcome m2 = run(db, "UPGRADE type=1,checksum=abc,size=6558,url=http://192.168.0.13:89/data/emfw.cfg");
  ASSERT_TRUE(m2.download.has_value());
  EXPECT_EQ(m2.download->url, "http://192.168.0.13:89/data/emfw.cfg");
  EXPECT_FALSE(m2.download->base64);
  EXPECT_FALSE(m2.download->ranged);

  CommandOutcome m3 = run(db, "UPGRADE checksum=abc,size=6558,url=http://h/x.cfg?v=1,2,supportsubcontracting=1");
  ASSERT_TRUE(m3.download.has_value());
  EXPECT_EQ(m3.download->url, "http://h/x.cfg?v=1,2");  // a comma not before "key=" stays
  EXPECT_TRUE(m3.download->ranged);
  EXPECT_FALSE(m3.download->base64);

  EXPECT_EQ(run(db, "UPGRADE checksum=abc,size=1").reply, "ID=7&Return=-1&CMD=UPGRADE");
  EXPECT_EQ(run(db, "UPGRADE url=http://h/x,size=big").reply, "ID=7&Return=-1&CMD=UPGRADE");
  EXPECT_EQ(run(db, "UPGRADE url=http://h/x,size=-5").reply, "ID=7&Return=-1&CMD=UPGRADE");
  EXPECT_FALSE(run(db, "UPGRADE").download.has_value());
}

TEST(SimDownloadReply, PutFileMultiLineUpgradeOneLine) {
  EXPECT_EQ(download_reply("12", "PutFile", 9512), "ID=12\nReturn=9512\nCMD=PutFile");
  EXPECT_EQ(download_reply("12", "PutFile", -1008), "ID=12\nReturn=-1008\nCMD=PutFile");
  EXPECT_EQ(download_reply("384", "UPGRADE", 2312), "ID=384&Return=0&CMD=UPGRADE");  // 004's examples: 0
  EXPECT_EQ(download_reply("384", "UPGRADE", -2), "ID=384&Return=-2&CMD=UPGRADE");
  auto r = parsed_reply(download_reply("12", "PutFile", 9512));
  EXPECT_EQ(r.id, "12");
  EXPECT_EQ(r.return_code, 9512);
  EXPECT_EQ(r.cmd, "PutFile");
}

}  // namespace
}  // namespace zkpush::sim
