// Command round trips: API queue -> getrequest -> devicecmd -> API status.
#include <gtest/gtest.h>

#include <chrono>

#include "harness.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

class Commands : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(dir_.path(), std::vector<std::string>{"--command-timeout", "2"});
    ASSERT_EQ(server_->get("/iclock/cdata?SN=CMD1&options=all&pushver=2.4.1&language=69").status, 200);
  }
  std::string queue(const std::string& command) {
    auto reply = server_->api_send("POST", "/api/v1/devices/CMD1/commands", {{"command", command}}, 201);
    EXPECT_EQ(reply["status"], "queued");
    return reply["id"].get<std::string>();
  }
  json status(const std::string& id) { return server_->api_get("/api/v1/commands/" + id); }
  TempDir dir_;
  std::unique_ptr<Server> server_;
};

TEST_F(Commands, IdlePollAnswersOk) {
  auto reply = server_->get("/iclock/getrequest?SN=CMD1");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK");
}

TEST_F(Commands, RoundTripThroughGetrequestAndDevicecmd) {
  std::string id = queue("DATA UPDATE USERINFO PIN=7\tName=Ana\tPri=0");
  EXPECT_EQ(status(id)["status"], "queued");
  auto poll = server_->get("/iclock/getrequest?SN=CMD1");
  EXPECT_EQ(poll.body, "C:" + id + ":DATA UPDATE USERINFO PIN=7\tName=Ana\tPri=0\n");
  EXPECT_EQ(status(id)["status"], "sent");
  EXPECT_EQ(server_->get("/iclock/getrequest?SN=CMD1").body, "OK");  // delivered once

  auto ack = server_->post("/iclock/devicecmd?SN=CMD1", "ID=" + id + "&Return=0&CMD=DATA\n");
  EXPECT_EQ(ack.status, 200);
  EXPECT_EQ(ack.body, "OK");
  auto done = status(id);
  EXPECT_EQ(done["status"], "done");
  EXPECT_EQ(done["return_code"], 0);
  EXPECT_EQ(done["reply"], "ID=" + id + "&Return=0&CMD=DATA");
  EXPECT_EQ(done["sn"], "CMD1");
  EXPECT_FALSE(done["completed_at"].is_null());
}

TEST_F(Commands, BatchedRepliesInAnyOrderAndNegativeReturn) {  // R34, D08
  std::string a = queue("INFO"), b = queue("DATA DELETE USERINFO PIN=1"), c = queue("CHECK");
  auto poll = server_->get("/iclock/getrequest?SN=CMD1");
  EXPECT_EQ(poll.body, "C:" + a + ":INFO\nC:" + b + ":DATA DELETE USERINFO PIN=1\nC:" + c + ":CHECK\n");
  auto ack = server_->post("/iclock/devicecmd?SN=CMD1",
                           "ID=" + c + "&Return=0&CMD=CHECK\n"
                           "ID=" + b + " &Return=-1002 &CMD=DATA\n"
                           "ID=" + a + "&Return=0&CMD=INFO\n~DeviceName=Biopro SA40\nUserCount=12\n"
                           "~OEMVendor=ZKTECO CO., LTD.\n");
  EXPECT_EQ(ack.body, "OK");
  EXPECT_EQ(status(c)["status"], "done");
  auto failed = status(b);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["return_code"], -1002);
  EXPECT_FALSE(failed["return_message"].get<std::string>().empty());
  EXPECT_EQ(status(a)["status"], "done");
  auto info = server_->api_get("/api/v1/devices/CMD1")["info"];
  EXPECT_EQ(info["~DeviceName"], "Biopro SA40");
  EXPECT_EQ(info["UserCount"], "12");
  EXPECT_EQ(info["~OEMVendor"], "ZKTECO CO., LTD.");
}

TEST_F(Commands, MultiLineShellReplyWithBinaryContent) {  // R28, R35, ACC-36
  std::string id = queue("SHELL cat /etc/version");
  server_->get("/iclock/getrequest?SN=CMD1");
  std::string content("line1\nID=99&Return=5\n\x00\x01\xFF binary", 31);
  auto ack = server_->post("/iclock/devicecmd?SN=CMD1", "ID=" + id + "\nSN=CMD1\nReturn=0\nCMD=Shell\n"
                                                        "FILENAME=shellout.txt\nContent=" + content);
  EXPECT_EQ(ack.body, "OK");
  auto done = status(id);
  EXPECT_EQ(done["status"], "done");
  ASSERT_TRUE(done.contains("content_base64")) << done.dump();
  EXPECT_EQ(done["content_base64"], "bGluZTEKSUQ9OTkmUmV0dXJuPTUKAAH/IGJpbmFyeQ==");
}

TEST_F(Commands, RebootGoesLastAndWaitsForNextPoll) {  // 000:L484
  std::string a = queue("INFO"), r = queue("REBOOT"), b = queue("CHECK");
  EXPECT_EQ(server_->get("/iclock/getrequest?SN=CMD1").body, "C:" + a + ":INFO\nC:" + r + ":REBOOT\n");
  EXPECT_EQ(server_->get("/iclock/getrequest?SN=CMD1").body, "C:" + b + ":CHECK\n");
}

TEST_F(Commands, CheckResetsStamps) {  // 004 §12.3.1
  server_->post("/iclock/cdata?SN=CMD1&table=ATTLOG&Stamp=500", "1\t2024-01-01 00:00:00\t0\t1\n");
  queue("CHECK");
  server_->get("/iclock/getrequest?SN=CMD1");
  auto handshake = server_->get("/iclock/cdata?SN=CMD1&options=all&pushver=2.4.1");
  EXPECT_NE(handshake.body.find("\nATTLOGStamp=0\n"), std::string::npos) << handshake.body;
}

TEST_F(Commands, DuplicateAndLateRepliesDoNotCorruptState) {
  std::string id = queue("INFO");
  server_->get("/iclock/getrequest?SN=CMD1");
  server_->post("/iclock/devicecmd?SN=CMD1", "ID=" + id + "&Return=0&CMD=INFO\n");
  auto dup = server_->post("/iclock/devicecmd?SN=CMD1", "ID=" + id + "&Return=-1&CMD=INFO\n");
  EXPECT_EQ(dup.body, "OK");
  EXPECT_EQ(status(id)["status"], "done");
  EXPECT_EQ(status(id)["return_code"], 0);
  // A reply for a command never sent, or for another device's ID, changes nothing.
  std::string queued = queue("CHECK");
  server_->post("/iclock/devicecmd?SN=CMD1", "ID=" + queued + "&Return=0&CMD=CHECK\n");
  EXPECT_EQ(status(queued)["status"], "queued");
  EXPECT_EQ(server_->post("/iclock/devicecmd?SN=CMD1", "ID=424242&Return=0\n").body, "OK");
}

TEST_F(Commands, UnansweredCommandExpiresAndALateReplyStillCompletesIt) {
  std::string id = queue("INFO");
  server_->get("/iclock/getrequest?SN=CMD1");
  ASSERT_TRUE(eventually([&] { return status(id)["status"] == "expired"; }));
  server_->post("/iclock/devicecmd?SN=CMD1", "ID=" + id + "&Return=0&CMD=INFO\n");
  EXPECT_EQ(status(id)["status"], "done");
}

TEST(CommandRetries, UnansweredCommandIsSentAgainThenExpires) {
  TempDir dir;
  Server server(dir.path(), {"--command-timeout", "1", "--command-retries", "1"});
  server.get("/iclock/cdata?SN=RT1&options=all&pushver=2.4.1");
  const std::string id = server.api_send("POST", "/api/v1/devices/RT1/commands", {{"command", "INFO"}}, 201)["id"];
  const std::string line = "C:" + id + ":INFO\n";
  ASSERT_EQ(server.get("/iclock/getrequest?SN=RT1").body, line);
  // Sent a second time after the timeout.
  ASSERT_TRUE(eventually([&] { return server.get("/iclock/getrequest?SN=RT1").body == line; }));
  EXPECT_EQ(server.api_get("/api/v1/commands/" + id)["deliveries"], 2);
  // Retries used up.
  EXPECT_TRUE(eventually([&] { return server.api_get("/api/v1/commands/" + id)["status"] == "expired"; }));
  EXPECT_EQ(server.get("/iclock/getrequest?SN=RT1").body, "OK");
}

TEST_F(Commands, ApiValidatesCommands) {
  auto multi = server_->api_send("POST", "/api/v1/devices/CMD1/commands", {{"command", "INFO\nREBOOT"}}, 400);
  EXPECT_NE(multi["error"].get<std::string>().find("command"), std::string::npos);
  server_->api_send("POST", "/api/v1/devices/CMD1/commands", {{"cmd", "INFO"}}, 400);
  server_->api_send("POST", "/api/v1/devices/NOPE/commands", {{"command", "INFO"}}, 404);
  auto list = server_->api_get("/api/v1/devices/CMD1/commands");
  EXPECT_EQ(list["items"].size(), 0u);
}

TEST_F(Commands, Gb2312DeviceGetsEncodedNames) {
  ASSERT_EQ(server_->get("/iclock/cdata?SN=CN2&options=all&pushver=2.4.1&language=83").status, 200);
  auto reply = server_->api_send("POST", "/api/v1/devices/CN2/commands",
                                 {{"command", "DATA UPDATE USERINFO PIN=1\tName=\xE5\xBC\xA0\xE4\xB8\x89"}}, 201);
  auto poll = server_->get("/iclock/getrequest?SN=CN2");
  EXPECT_EQ(poll.body, "C:" + reply["id"].get<std::string>() + ":DATA UPDATE USERINFO PIN=1\tName=\xD5\xC5\xC8\xFD\n");
}

}  // namespace
}  // namespace zkpush::test
