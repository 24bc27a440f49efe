// An access panel's session against the real binary (push3_catalog §1; CN24 §7):
// registration, configuration, the token every later request must carry,
// events stored once, door states, remote door control, and an attendance
// terminal beside it on the same server.
#include <gtest/gtest.h>

#include <regex>

#include "harness.h"
#include "protocol/access/session.h"
#include "support/eventually.h"
#include "support/raw_client.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

constexpr const char* kSn = "NYU7251601501";
// Capture R20's registration body, with two doors.
constexpr const char* kRegistry =
    "DeviceType=acc,~DeviceName=SenseFace 2A,FirmVer=ZAM70-NF24HA-Ver3.0.15,PushVersion=Ver 3.0.4S-20240809,"
    "~OEMVendor=ZKTECO CO., LTD.,LockCount=2,MultiBioDataSupport=0:1:0:0:0:0:0:0:0:1";
// Capture R21: a punch and a door row in one rtlog post.
constexpr const char* kRtlog =
    "time=2026-09-09 12:09:10\tpin=445966\tcardno=0\teventaddr=1\tevent=3\tinoutstatus=0\tverifytype=1\tindex=40\t"
    "sitecode=0\tlinkid=0\tmaskflag=0\ttemperature=0\tconvtemperature=0\r\n"
    "time=2026-09-09 12:09:11\tsensor=02\trelay=00\talarm=0100000000000000\tdoor=01\r\n";

// What a key=value-per-line reply holds, in order.
std::vector<std::pair<std::string, std::string>> lines_of(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) out.emplace_back(line.substr(0, eq), line.substr(eq + 1));
  }
  return out;
}

std::string value_of(const std::string& body, const std::string& key) {
  for (const auto& [k, v] : lines_of(body))
    if (k == key) return v;
  return {};
}

class AccessSession : public ::testing::Test {
 protected:
  AccessSession() : server_(dir_.path(), {}, LaunchOptions{true}) {}

  // A request as the panel sends it, with `token` in its cookie ("" for none).
  HttpReply send(const std::string& method, const std::string& target, const std::string& body,
                 const std::string& token) const {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: iClock Proxy/1.09\r\n";
    if (!token.empty()) request += "Cookie: token=" + token + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    return send_raw(server_.device_port(), request);
  }
  // GET cdata, POST registry, POST push: the token the panel then uses.
  std::string register_panel(const std::string& sn = kSn) {
    EXPECT_EQ(server_.get("/iclock/cdata?SN=" + sn + "&options=all&pushver=3.1.2&DeviceType=acc").body, "OK");
    const std::string code = server_.post("/iclock/registry?SN=" + sn, kRegistry).body.substr(13);
    const std::string session = value_of(server_.post("/iclock/push?SN=" + sn, "").body, "SessionID");
    return protocol::access::session_token(code, sn, session);
  }
  json access_events(const std::string& query = "") const {
    return server_.api_get("/api/v1/access-events?sn=" + std::string(kSn) + query)["items"];
  }

  TempDir dir_;
  Server server_;
};

TEST_F(AccessSession, RegistryThenPushThenTheRegisteredHandshake) {  // D10, R20; CN24 §7.1-7.5
  // D10: a panel the server does not know is answered a bare OK.
  auto first = server_.get("/iclock/cdata?SN=3383154200002&pushver=3.0.1&options=all");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "OK");
  auto registry = server_.post("/iclock/registry?SN=3383154200002", kRegistry);
  ASSERT_EQ(registry.status, 200);
  ASSERT_TRUE(std::regex_match(registry.body, std::regex("RegistryCode=[0-9a-f]{10}"))) << registry.body;
  const std::string code = registry.body.substr(13);

  const auto push = server_.post("/iclock/push?SN=3383154200002", "");
  ASSERT_EQ(push.status, 200);
  std::vector<std::string> keys;
  for (const auto& [k, v] : lines_of(push.body)) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"ServerVersion", "ServerName", "PushProtVer", "PushVersion", "ErrorDelay",
                                            "RequestDelay", "TransTimes", "TransInterval", "TransTables", "Realtime",
                                            "SessionID", "TimeoutSec", "BioPhotoFun", "BioDataFun",
                                            "MultiBioDataSupport"}));
  EXPECT_EQ(value_of(push.body, "PushProtVer"), "3.0.1");
  EXPECT_EQ(value_of(push.body, "TransTables"), "User\tTransaction");
  EXPECT_EQ(value_of(push.body, "MultiBioDataSupport"), "0:1:0:0:0:0:0:0:0:1");  // echoed
  const std::string session = value_of(push.body, "SessionID");
  EXPECT_TRUE(std::regex_match(session, std::regex("[0-9A-F]{32}"))) << session;
  EXPECT_EQ(server_.get("/iclock/push?SN=3383154200002").body, push.body);  // GET as well

  // Registered: the handshake says so, with the same code and session.
  auto again = server_.get("/iclock/cdata?SN=3383154200002&pushver=3.0.1&options=all");
  EXPECT_EQ(again.body.rfind("registry=ok\nRegistryCode=" + code + "\n", 0), 0u) << again.body;
  EXPECT_EQ(value_of(again.body, "SessionID"), session);
  // A panel registers on every connection: its code and session stay.
  EXPECT_EQ(server_.post("/iclock/registry?SN=3383154200002", kRegistry).body, "RegistryCode=" + code);
  EXPECT_EQ(value_of(server_.post("/iclock/push?SN=3383154200002", "").body, "SessionID"), session);

  auto device = server_.api_get("/api/v1/devices/3383154200002");
  EXPECT_EQ(device["registered"], true);
  EXPECT_EQ(device["dialect"], "access");
  EXPECT_EQ(device["info"]["~OEMVendor"], "ZKTECO CO., LTD.");
  EXPECT_EQ(device["info"]["LockCount"], "2");
}

TEST_F(AccessSession, PushBeforeRegistryIsRefusedSoThePanelRegisters) {
  auto push = server_.post("/iclock/push?SN=NOREG01", "");
  EXPECT_EQ(push.status, 401);
  EXPECT_EQ(push.body, "Device Unauthorized");
}

TEST_F(AccessSession, WithoutTheSessionsTokenNothingIsStoredAndTheDeviceIsNamed) {
  const std::string token = register_panel();
  const std::string rtlog = "/iclock/cdata?SN=" + std::string(kSn) + "&table=rtlog";
  for (const std::string& wrong : {std::string(), std::string(32, '0'),
                                   protocol::access::session_token("other", kSn, "session")}) {
    auto refused = send("POST", rtlog, kRtlog, wrong);
    EXPECT_EQ(refused.status, 401) << wrong;
    EXPECT_EQ(refused.body, "Device Unauthorized");
    EXPECT_EQ(send("GET", "/iclock/getrequest?SN=" + std::string(kSn), "", wrong).status, 401);
    EXPECT_EQ(send("POST", "/iclock/devicecmd?SN=" + std::string(kSn), "ID=1&Return=0&CMD=DATA", wrong).status, 401);
  }
  EXPECT_TRUE(server_.wait_for_log("device NYU7251601501 from 127.0.0.1: upload refused with 401, nothing stored"));
  EXPECT_TRUE(access_events().empty());
  EXPECT_TRUE(server_.api_get("/api/v1/doors")["items"][0]["state_time"].is_null());

  auto taken = send("POST", rtlog, kRtlog, token);
  EXPECT_EQ(taken.status, 200);
  EXPECT_EQ(taken.body, "OK");
  EXPECT_EQ(access_events().size(), 1u);
  EXPECT_EQ(send("GET", "/iclock/getrequest?SN=" + std::string(kSn), "", token).body, "OK");
  EXPECT_EQ(send("GET", "/iclock/ping?SN=" + std::string(kSn), "", token).body, "OK");
}

TEST_F(AccessSession, ReplayedEventsAreStoredOnceAndEveryEventHasItsClass) {  // push3_catalog §2.2
  const std::string token = register_panel();
  const std::string rtlog = "/iclock/cdata?SN=" + std::string(kSn) + "&table=rtlog";
  ASSERT_EQ(send("POST", rtlog, kRtlog, token).body, "OK");
  // After a reconnection the panel sends its buffer again, with a new event.
  const std::string more = std::string(kRtlog) +
                           "time=2026-09-09 12:10:00\tpin=0\tcardno=3455470023\teventaddr=2\tevent=27\tinoutstatus=1\t"
                           "verifytype=4\tindex=41\r\n"
                           "time=2026-09-09 12:11:00\tpin=0\tcardno=0\teventaddr=2\tevent=102\tinoutstatus=2\t"
                           "verifytype=200\tindex=42\r\n";
  ASSERT_EQ(send("POST", rtlog, more, token).body, "OK");
  ASSERT_EQ(send("POST", rtlog, more, token).body, "OK");
  auto events = access_events();
  ASSERT_EQ(events.size(), 3u);  // newest first
  EXPECT_EQ(events[0]["class"], "alarm");
  EXPECT_EQ(events[0]["name"], "door opened forcibly");
  EXPECT_EQ(events[1]["class"], "denied");
  EXPECT_EQ(events[1]["name"], "not registered");
  EXPECT_EQ(events[1]["card_no"], "3455470023");
  EXPECT_EQ(events[1]["door"], 2);
  EXPECT_EQ(events[2]["class"], "granted");
  EXPECT_EQ(access_events("&class=denied,alarm").size(), 2u);
  EXPECT_EQ(access_events("&pin=445966").size(), 1u);
  EXPECT_EQ(access_events("&door=2&event=102").size(), 1u);
  EXPECT_EQ(access_events("&from=2026-09-09 12:10:30").size(), 1u);
  auto page = server_.api_get("/api/v1/access-events?limit=2");
  ASSERT_EQ(page["items"].size(), 2u);
  auto rest = server_.api_get("/api/v1/access-events?limit=2&before=" + page["next_before"].dump());
  ASSERT_EQ(rest["items"].size(), 1u);
  EXPECT_EQ(rest["items"][0]["class"], "granted");
  EXPECT_EQ(server_.api_as(server_.admin_token(), "GET", "/api/v1/access-events?class=open").status, 400);
}

TEST_F(AccessSession, DoorStatesAreDecodedPerDoor) {  // push3_catalog §2.3
  const std::string token = register_panel();
  auto state = send("POST", "/iclock/cdata?SN=" + std::string(kSn) + "&table=rtstate",
                    "time=2026-09-09 12:20:00\tsensor=09\trelay=02\talarm=0010\r\n", token);
  EXPECT_EQ(state.body, "OK");
  auto doors = server_.api_get("/api/v1/doors")["items"];
  ASSERT_EQ(doors.size(), 2u);  // LockCount=2
  EXPECT_EQ(doors[0]["sensor"], "closed");  // 0x09: door 1 0b01, door 2 0b10
  EXPECT_EQ(doors[0]["unlocked"], false);
  EXPECT_EQ(doors[0]["alarms"], json::array());
  EXPECT_EQ(doors[1]["door"], 2);
  EXPECT_EQ(doors[1]["sensor"], "open");
  EXPECT_EQ(doors[1]["unlocked"], true);
  EXPECT_EQ(doors[1]["alarms"], json::array({"held_open"}));
  EXPECT_EQ(doors[1]["state_time"], "2026-09-09 12:20:00");
}

TEST_F(AccessSession, ARemoteOpenIsQueuedAsControlDeviceAndItsResultTracked) {  // CN24 §12.4
  const std::string token = register_panel();
  auto queued = server_.api_send("POST", "/api/v1/devices/" + std::string(kSn) + "/doors/1/open", {{"seconds", 5}}, 201);
  const std::string id = queued["id"];
  auto poll = send("GET", "/iclock/getrequest?SN=" + std::string(kSn), "", token);
  EXPECT_EQ(poll.body, "C:" + id + ":CONTROL DEVICE 01010105\n");
  EXPECT_EQ(send("POST", "/iclock/devicecmd?SN=" + std::string(kSn), "ID=" + id + "&Return=0&CMD=CONTROL DEVICE",
                 token).body,
            "OK");
  EXPECT_EQ(server_.api_get("/api/v1/commands/" + id)["status"], "done");
  server_.api_send("POST", "/api/v1/devices/" + std::string(kSn) + "/doors/0/keep_open", json::object(), 201);
  EXPECT_EQ(send("GET", "/iclock/getrequest?SN=" + std::string(kSn), "", token).body.substr(id.size() + 3),
            "CONTROL DEVICE 010001FF\n");
  server_.api_send("POST", "/api/v1/devices/" + std::string(kSn) + "/doors/3/open", json::object(), 400);
  server_.api_send("POST", "/api/v1/devices/" + std::string(kSn) + "/doors/1/open", {{"seconds", 0}}, 400);
  server_.api_send("POST", "/api/v1/devices/" + std::string(kSn) + "/doors/1/explode", json::object(), 404);
  server_.get("/iclock/cdata?SN=ATT01&options=all&pushver=2.4.1");
  server_.api_send("POST", "/api/v1/devices/ATT01/doors/1/open", json::object(), 409);
}

TEST_F(AccessSession, ARemoteEnrolmentsTemplateBecomesThePersons) {  // CN24 §12.6.2
  const std::string token = register_panel();
  server_.api_send("POST", "/api/v1/persons", {{"pin", "7"}, {"name", "Ana"}}, 201);
  server_.api_send("POST", "/api/v1/devices/" + std::string(kSn) + "/commands/panel-enroll", {{"type", 9}, {"pin", "7"}},
                   201);
  EXPECT_NE(send("GET", "/iclock/getrequest?SN=" + std::string(kSn), "", token).body.find("ENROLL_BIO TYPE=9\tNO=0\tPIN=7"),
            std::string::npos);
  auto result = send("POST", "/iclock/cdata?SN=" + std::string(kSn) + "&type=BioData",
                     "TYPE=9\tPIN=7\tNO=0\tINDEX=0\tMAJOR_VER=40\tMINOR_VER=1\tTMP=AAECAwQF\r\n", token);
  EXPECT_EQ(result.status, 200);
  ASSERT_TRUE(eventually([&] { return !server_.api_get("/api/v1/persons/7/biometrics")["items"].empty(); }));
  auto biometric = server_.api_get("/api/v1/persons/7/biometrics")["items"][0];
  EXPECT_EQ(biometric["type"], 9);
  EXPECT_EQ(biometric["algorithm"], "40");
}

TEST_F(AccessSession, AnAttendanceTerminalBesideItKeepsItsDialect) {  // push3_catalog §6.2
  const std::string token = register_panel();
  auto att = server_.get("/iclock/cdata?SN=ATT01&options=all&pushver=2.4.1&DeviceType=att");
  EXPECT_EQ(att.body.rfind("GET OPTION FROM: ATT01\n", 0), 0u);
  EXPECT_EQ(server_.post("/iclock/cdata?SN=ATT01&table=ATTLOG&Stamp=1", kPunch).body, "OK: 1");
  EXPECT_EQ(server_.api_get("/api/v1/devices/ATT01")["dialect"], "attendance");
  EXPECT_EQ(server_.api_get("/api/v1/devices/" + std::string(kSn))["dialect"], "access");
  // A 3.x version alone does not make a terminal an access panel once it says att.
  auto sf3a = server_.get("/iclock/cdata?SN=SF3A01&options=all&pushver=2.4.1&DeviceType=att");
  EXPECT_EQ(sf3a.body.rfind("GET OPTION FROM: SF3A01\n", 0), 0u);
}

}  // namespace
}  // namespace zkpush::test
