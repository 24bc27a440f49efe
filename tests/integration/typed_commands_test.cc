// Typed commands through the real server: POST .../commands/{kind} with JSON,
// the exact protocol text stored and delivered, an emulated terminal
// executing each one, and the refusals (400 naming the field, 404) leaving
// nothing queued.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "harness.h"
#include "sim_fixture.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

std::string queue_typed(const Server& server, const std::string& sn, const std::string& kind, const json& body) {
  json reply = server.api_send("POST", "/api/v1/devices/" + sn + "/commands/" + kind, body, 201);
  EXPECT_EQ(reply["status"], "queued") << kind;
  return reply.value("id", "");
}

bool has_finger(const sim::TerminalDb& db, const std::string& pin, int fid) {
  for (const auto& t : db.templates)
    if (t.pin == pin && t.kind == protocol::TemplateKind::kFingerprint && t.no == fid) return true;
  return false;
}

TEST(TypedCommandsApi, EachFamilyReachesTheTerminalAndEndsDone) {
  TempDir dir;
  Server server(dir.path());
  std::filesystem::create_directories(dir.path() + "/files");
  std::ofstream(dir.path() + "/files/users.txt") << "C:1:DATA UPDATE USERINFO PIN=70\tName=Seventy\n"
                                                    "C:2:DATA UPDATE USERINFO PIN=71\tName=Seventy-one\n";
  fast_polling(server, "TYPED1");
  auto config = config_for("TYPED1");
  config.history = 10;  // punches for CLEAR LOG to erase
  RunningTerminal run(server.device_port(), config);

  struct Sent {
    std::string kind;
    json body;
    std::string text;  // what the server must store and deliver
    int return_code = 0;
  };
  const std::vector<Sent> sent = {
      {"update-userinfo",
       {{"pin", "50"}, {"name", "Fifty"}, {"privilege", 0}, {"card", 5050}},
       "DATA UPDATE USERINFO PIN=50\tName=Fifty\tPri=0\tCard=5050"},
      {"update-fingertmp",
       {{"pin", "50"}, {"fid", 1}, {"tmp", "QUJDREVGR0g="}},
       "DATA UPDATE FINGERTMP PIN=50\tFID=1\tSize=12\tValid=1\tTMP=QUJDREVGR0g="},
      {"update-fingertmp",
       {{"pin", "50"}, {"fid", 2}, {"tmp", "SElKSw=="}},
       "DATA UPDATE FINGERTMP PIN=50\tFID=2\tSize=8\tValid=1\tTMP=SElKSw=="},
      {"delete-fingertmp", {{"pin", "50"}, {"fid", 2}}, "DATA DELETE FINGERTMP PIN=50\tFID=2"},
      {"query-userinfo", {{"pin", 50}}, "DATA QUERY USERINFO PIN=50", 1},  // one user uploaded (B4)
      {"set-option", {{"key", "ZkpushTyped"}, {"value", "on"}}, "SET OPTION ZkpushTyped=on"},
      {"info", json::object(), "INFO"},
      {"clear-log", json::object(), "CLEAR LOG"},
      {"putfile",
       {{"url", "file/users.txt"}, {"file_path", "/mnt/mtdblock/users.txt"}, {"action", "AppendData"}},
       "PutFile file/users.txt\t/mnt/mtdblock/users.txt\tAction=AppendData",
       2},  // two commands loaded
      // Finger 1 exists and OVERWRITE is 0: the terminal answers 2 (004 Appendix 1).
      {"enroll-fp", {{"pin", "50"}, {"fid", 1}}, "ENROLL_FP PIN=50\tFID=1\tRETRY=3\tOVERWRITE=0", 2},
  };
  std::vector<std::string> ids;
  for (const Sent& s : sent) ids.push_back(queue_typed(server, "TYPED1", s.kind, s.body));
  for (std::size_t i = 0; i < sent.size(); ++i) {
    json command = wait_final(server, ids[i]);
    EXPECT_EQ(command["command"], sent[i].text) << sent[i].kind;
    EXPECT_EQ(command["status"], "done") << sent[i].kind << ": " << command.dump();
    EXPECT_EQ(command["return_code"], sent[i].return_code) << sent[i].kind;
  }
  // The status names the code from the command's own table.
  EXPECT_EQ(server.api_get("/api/v1/commands/" + ids.front())["return_message"], "Successful");
  EXPECT_EQ(server.api_get("/api/v1/commands/" + ids.back())["return_message"],
            "The user already has this fingerprint");

  // What the terminal reported to the server.
  EXPECT_EQ(server.api_get("/api/v1/devices/TYPED1")["info"]["ZkpushTyped"], "on");  // INFO after SET OPTION
  const json users = server.api_get("/api/v1/devices/TYPED1/users?limit=100");
  std::map<std::string, json> by_pin;
  for (const auto& u : users["items"]) by_pin[u["pin"].get<std::string>()] = u;
  ASSERT_TRUE(by_pin.count("50"));  // DATA QUERY USERINFO
  EXPECT_EQ(by_pin["50"]["name"], "Fifty");
  EXPECT_EQ(by_pin["50"]["card"], "5050");

  // And the terminal's own database.
  const sim::TerminalDb& db = run.stop().db();  // each command ran before its reply
  ASSERT_TRUE(db.users.count("50"));
  EXPECT_EQ(*db.users.at("50").name, "Fifty");
  EXPECT_TRUE(has_finger(db, "50", 1));
  EXPECT_FALSE(has_finger(db, "50", 2));  // added, then deleted
  EXPECT_EQ(db.options.at("ZkpushTyped"), "on");
  EXPECT_TRUE(db.attlogs.empty());                    // CLEAR LOG
  EXPECT_EQ(*db.users.at("71").name, "Seventy-one");  // PutFile AppendData
}

TEST(TypedCommandsApi, RefusalsNameTheFieldAndQueueNothing) {
  TempDir dir;
  Server server(dir.path());
  ASSERT_EQ(server.get("/iclock/cdata?SN=TYPED2&options=all&pushver=2.4.1").status, 200);
  const std::string base = "/api/v1/devices/TYPED2/commands/";

  json tab = server.api_send("POST", base + "update-userinfo", {{"pin", "7"}, {"name", "A\tB"}}, 400);
  EXPECT_EQ(tab["error"], "name: must not contain TAB, CR, LF or NUL");
  json line = server.api_send("POST", base + "update-userinfo", {{"pin", "7"}, {"name", "x\nC:9:CLEAR DATA"}}, 400);
  EXPECT_EQ(line["error"], "name: must not contain TAB, CR, LF or NUL");
  EXPECT_EQ(
      server.api_send("POST", base + "update-fingertmp", {{"pin", "7"}, {"fid", 12}, {"tmp", "QUJD"}}, 400)["error"],
      "fid: must be a whole number from 0 to 9");
  EXPECT_EQ(server.api_send("POST", base + "enroll-fp", {{"fid", 1}}, 400)["error"], "pin: required");
  auto bad_json = server.api_raw("POST", base + "reboot", "{\"now\":");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(json::parse(bad_json.body)["error"], "body: must be a JSON object");

  server.api_send("POST", base + "format-disk", json::object(), 404);
  server.api_send("POST", "/api/v1/devices/NOSUCH/commands/reboot", json::object(), 404);

  EXPECT_TRUE(server.api_get("/api/v1/devices/TYPED2/commands")["items"].empty());
  EXPECT_EQ(server.get("/iclock/getrequest?SN=TYPED2").body, "OK");

  // The raw form still queues, and a typed command needs no body at all.
  const std::string info = queue(server, "TYPED2", "INFO");
  auto reboot = server.api_raw("POST", base + "reboot");
  ASSERT_EQ(reboot.status, 201) << reboot.body;
  const std::string reboot_id = json::parse(reboot.body)["id"];
  EXPECT_EQ(server.get("/iclock/getrequest?SN=TYPED2").body, "C:" + info + ":INFO\nC:" + reboot_id + ":REBOOT\n");
}

}  // namespace
}  // namespace zkpush::test
