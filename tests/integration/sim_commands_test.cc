// Every command type of 004 §12, queued through the API of the real server,
// delivered to an emulated terminal, executed against its database and
// answered: each command ends `done` with the reply stored on the server, and
// its effect is visible in the terminal's database (and, for queries and
// enrolments, in what the server stored from the uploads).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <openssl/evp.h>

#include "harness.h"
#include "protocol/upload.h"
#include "sim/synthetic.h"
#include "sim_fixture.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

std::string md5_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_md5(), nullptr);
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// Queues every command, then waits for each to end; returns them by name.
std::map<std::string, json> run_commands(const Server& server, const std::string& sn,
                                         const std::vector<std::pair<std::string, std::string>>& commands) {
  std::vector<std::pair<std::string, std::string>> ids;
  for (const auto& [name, text] : commands) ids.emplace_back(name, queue(server, sn, text));
  std::map<std::string, json> done;
  for (const auto& [name, id] : ids) done[name] = wait_final(server, id);
  return done;
}

bool has_template(const sim::TerminalDb& db, const std::string& pin, protocol::TemplateKind kind, int no_or_type) {
  for (const auto& t : db.templates)
    if (t.pin == pin && t.kind == kind && (kind == protocol::TemplateKind::kBiodata ? t.bio_type : t.no) == no_or_type)
      return true;
  return false;
}

TEST(SimCommands, EveryCommandTypeChangesTheTerminalAndItsReplyIsStored) {
  TempDir dir;
  Server server(dir.path());
  std::string firmware;
  for (int i = 0; i < 3000; ++i) firmware.push_back(static_cast<char>(i * 13));
  std::filesystem::create_directories(dir.path() + "/files/fw");
  std::ofstream(dir.path() + "/files/fw/a.bin", std::ios::binary) << firmware;
  const std::string url = "http://127.0.0.1:" + std::to_string(server.device_port()) + "/iclock/file/fw/a.bin";
  const std::string size_md5 = "checksum=" + md5_hex(firmware) + ",size=" + std::to_string(firmware.size());
  const std::string jpeg = protocol::encode_base64(sim::tiny_jpeg("user 50"));
  const std::string jpeg_size = std::to_string(jpeg.size());

  fast_polling(server, "SIMA1");
  auto config = config_for("SIMA1");
  config.history = 20;  // 2026-01-01 00:00 to 00:19, one a minute
  config.photo_share = 1;
  RunningTerminal run(server.device_port(), config);
  auto c = run_commands(
      server, "SIMA1",
      {{"user", "DATA UPDATE USERINFO PIN=50\tName=Fifty\tPri=0\tCard=5050"},
       {"finger", "DATA UPDATE FINGERTMP PIN=50\tFID=1\tSize=12\tValid=1\tTMP=QUJDREVGR0g="},
       {"face", "DATA UPDATE FACE PIN=50\tFID=0\tValid=1\tSize=4\tTMP=RkFD"},
       {"vein", "DATA UPDATE FVEIN Pin=50\tFID=2\tIndex=1\tValid=1\tSize=4\tTmp=VkVJ"},
       {"biodata", "DATA UPDATE BIODATA Pin=50\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=40\tMinorVer=0"
                   "\tFormat=0\tTmp=QUJD"},
       {"userpic", "DATA UPDATE USERPIC PIN=50\tSize=" + jpeg_size + "\tContent=" + jpeg},
       {"biophoto", "DATA UPDATE BIOPHOTO PIN=50\tType=9\tSize=" + jpeg_size + "\tContent=" + jpeg + "\tFormat=0"},
       {"sms", "DATA UPDATE SMS MSG=Hello all\tTAG=253\tUID=1\tMIN=60\tStartTime=2026-01-01 00:00:00"},
       {"workcode", "DATA UPDATE WORKCODE PIN=1\tCODE=17\tNAME=Site A"},
       {"accgroup", "DATA UPDATE AccGroup ID=1\tVerify=0\tValidHoliday=0\tTZ=1;0;0"},
       {"query attlog", "DATA QUERY ATTLOG StartTime=2026-01-01 00:00:00\tEndTime=2026-01-01 00:09:59"},
       {"query photos", "DATA QUERY ATTPHOTO StartTime=2026-01-01 00:00:00\tEndTime=2026-01-01 00:04:59"},
       {"query user", "DATA QUERY USERINFO PIN=50"},
       {"query finger", "DATA QUERY FINGERTMP PIN=50\tFingerID=1"},
       {"query biodata", "DATA QUERY BIODATA Type=9"},
       {"verify sum", "VERIFY SUM ATTLOG StartTime=2026-01-01 00:00:00\tEndTime=2026-01-01 23:59:59"},
       {"set option", "SET OPTION ZkpushTest=1"},
       {"reload", "RELOAD OPTIONS"},
       {"info", "INFO"},
       {"putfile", "PutFile file/fw/a.bin\t/mnt/mtdblock/a.bin"},
       {"getfile", "GetFile /mnt/mtdblock/a.bin"},
       {"shell", "SHELL echo hello"},
       {"upgrade", "UPGRADE type=1," + size_md5 + ",url=" + url},
       {"upgrade ranged", "UPGRADE " + size_md5 + ",url=" + url + ",supportsubcontracting=1"},
       {"enroll fp", "ENROLL_FP PIN=60\tFID=2\tRETRY=1\tOVERWRITE=1"},
       {"enroll mf", "ENROLL_MF PIN=61\tRETRY=1"},
       {"enroll bio", "ENROLL_BIO TYPE=9\tPIN=62\tRETRY=1\tOVERWRITE=1"},
       {"unlock", "AC_UNLOCK"},
       {"unalarm", "AC_UNALARM"},
       {"log", "LOG"},
       {"check", "CHECK"},
       {"delete finger", "DATA DELETE FINGERTMP PIN=50\tFID=1"},
       {"delete sms", "DATA DELETE SMS UID=1"},
       {"delete user", "DATA DELETE USERINFO PIN=61"}});
  for (const auto& [name, command] : c) {
    EXPECT_EQ(command["status"], "done") << name << ": " << command.dump();
    EXPECT_GE(command["return_code"].get<int>(), 0) << name;
    EXPECT_FALSE(command["reply"].get<std::string>().empty()) << name;
  }
  EXPECT_EQ(c["query attlog"]["return_code"], 10);  // the records in the window (R31)
  EXPECT_NE(c["verify sum"]["reply"].get<std::string>().find("AttlogSum=20"), std::string::npos);
  EXPECT_EQ(c["getfile"]["content_base64"], protocol::encode_base64(firmware));
  EXPECT_EQ(c["shell"]["content"], "hello\n");

  // What the uploads the commands caused left on the server.
  EXPECT_EQ(server.api_get("/api/v1/devices/SIMA1")["info"]["~SerialNumber"], "SIMA1");
  EXPECT_EQ(server.api_get("/api/v1/devices/SIMA1/attendance?limit=100")["items"].size(), 20u);  // still once each
  // (The page is kept in a local: a range-for over a temporary's member dangles before C++23.)
  const json user_page = server.api_get("/api/v1/devices/SIMA1/users?limit=100");
  std::map<std::string, json> users;
  for (const auto& u : user_page["items"]) users[u["pin"].get<std::string>()] = u;
  EXPECT_EQ(users["50"]["name"], "Fifty");  // DATA QUERY USERINFO
  EXPECT_TRUE(users.count("60") && users.count("62"));  // enrolled as new users
  EXPECT_FALSE(users["61"]["card"].get<std::string>().empty());  // ENROLL_MF read a card
  const json template_page = server.api_get("/api/v1/devices/SIMA1/templates?limit=100");
  std::set<std::string> templates;
  for (const auto& t : template_page["items"])
    templates.insert(t["pin"].get<std::string>() + "/" + t["kind"].get<std::string>());
  EXPECT_TRUE(templates.count("50/FP")) << json(templates).dump();  // DATA QUERY FINGERTMP
  EXPECT_TRUE(templates.count("60/FP"));                            // ENROLL_FP
  EXPECT_TRUE(templates.count("62/BIODATA"));                       // ENROLL_BIO

  sim::Terminal& terminal = run.stop();  // each command ran before its reply
  const sim::TerminalDb& db = terminal.db();
  EXPECT_EQ(*db.users.at("50").name, "Fifty");
  EXPECT_FALSE(db.users.count("61"));
  EXPECT_FALSE(has_template(db, "50", protocol::TemplateKind::kFingerprint, 1));  // updated, then deleted
  EXPECT_TRUE(has_template(db, "50", protocol::TemplateKind::kFace, 0));
  EXPECT_TRUE(has_template(db, "50", protocol::TemplateKind::kFingerVein, 2));
  EXPECT_TRUE(has_template(db, "50", protocol::TemplateKind::kBiodata, 9));
  EXPECT_TRUE(has_template(db, "60", protocol::TemplateKind::kFingerprint, 2));
  auto value = [](const auto& map, const std::string& key) {
    auto it = map.find(key);
    return it == map.end() ? decltype(it->second){} : it->second;
  };
  EXPECT_EQ(value(db.user_photos, "50"), sim::tiny_jpeg("user 50"));
  EXPECT_EQ(value(db.tables, "WORKCODE").size(), 1u);
  EXPECT_EQ(value(db.tables, "AccGroup").size(), 1u);
  EXPECT_TRUE(value(db.tables, "SMS").empty());
  EXPECT_EQ(value(db.options, "ZkpushTest"), "1");
  EXPECT_EQ(value(db.files, "/mnt/mtdblock/a.bin"), firmware);  // PutFile
  EXPECT_EQ(value(db.files, "emfw.cfg"), firmware);             // UPGRADE, both methods: the firmware file
}

TEST(SimCommands, ClearCommandsEmptyTheTerminalAndRebootBootsAgain) {
  TempDir dir;
  Server server(dir.path());
  fast_polling(server, "SIMB1");
  auto config = config_for("SIMB1");
  config.history = 10;
  config.photo_share = 1;
  RunningTerminal run(server.device_port(), config);
  auto c = run_commands(server, "SIMB1",
                        {{"enrol", "ENROLL_FP PIN=1\tFID=0\tRETRY=1\tOVERWRITE=1"},
                         {"photos", "CLEAR PHOTO"},
                         {"log", "CLEAR LOG"},
                         {"biodata", "CLEAR BIODATA"},
                         {"data", "CLEAR DATA"},
                         {"reboot", "REBOOT"}});
  for (const auto& [name, command] : c) EXPECT_EQ(command["status"], "done") << name << ": " << command.dump();
  // REBOOT is answered before the terminal goes down: until it is back.
  EXPECT_TRUE(run.stop_when([](sim::Terminal&, sim::Stats& stats) { return stats.terminals_booted >= 2; }));
  sim::Terminal& terminal = run.stop();
  EXPECT_TRUE(terminal.db().attendance_photos.empty());
  EXPECT_TRUE(terminal.db().attlogs.empty());
  EXPECT_TRUE(terminal.db().templates.empty());
  EXPECT_TRUE(terminal.db().users.empty());
  EXPECT_EQ(run.stats().terminals_booted, 2);  // REBOOT: a second handshake
  EXPECT_EQ(server.api_get("/api/v1/devices/SIMB1/attendance")["items"].size(), 10u);  // the server keeps its copy
}

}  // namespace
}  // namespace zkpush::test
