// Several nodes on one PostgreSQL database, no stickiness: a
// terminal whose consecutive requests land on different nodes is served as
// by one node; what an administrator decides through one node holds on the
// next request at another; an event stream on any node carries every node's
// events, and resumes on a third; a console session opened on one node
// works on the others, the sign-in throttle counts across nodes, and a
// disabled account is signed out everywhere.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <vector>

#include "harness.h"
#include "sim_fixture.h"
#include "support/eventually.h"
#include "support/postgres_server.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

std::string boot_request(const std::string& sn) { return "/iclock/cdata?SN=" + sn + "&options=all&pushver=2.4.1"; }
std::string attlog_upload(const std::string& sn, int stamp) {
  return "/iclock/cdata?SN=" + sn + "&table=ATTLOG&Stamp=" + std::to_string(stamp);
}
std::string punch_line(const std::string& pin, const std::string& time) { return pin + "\t" + time + "\t0\t1\t0\t0\n"; }

// Three nodes, each with its own data directory, on one fresh database.
class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = PostgresServer::shared().create_database();
    for (const char* name : {"a", "b", "c"}) {
      nodes_.push_back(std::make_unique<Server>(dir_.file(name), std::vector<std::string>{"--database", database_}));
    }
  }
  Server& node(std::size_t i) { return *nodes_.at(i); }

  TempDir dir_;
  std::string database_;
  std::vector<std::unique_ptr<Server>> nodes_;
};

TEST_F(ClusterTest, ATerminalWanderingAcrossNodesIsServedAsByOne) {
  ASSERT_EQ(node(0).get(boot_request("W1")).status, 200);
  EXPECT_EQ(node(1).post(attlog_upload("W1", 1), punch_line("1", "2026-12-01 08:00:00")).body, "OK: 1");
  EXPECT_EQ(node(2).post(attlog_upload("W1", 2), punch_line("2", "2026-12-01 08:01:00")).body, "OK: 1");
  EXPECT_EQ(node(0).post(attlog_upload("W1", 2), punch_line("2", "2026-12-01 08:01:00")).body, "OK: 1");  // a resend
  EXPECT_EQ(node(1).post("/iclock/cdata?SN=W1&table=OPERLOG&Stamp=3", "USER PIN=7\tName=Ann\tPri=0\n").status, 200);

  EXPECT_EQ(node(2).post("/iclock/cdata?SN=W1&table=BIODATA&Stamp=4",
                         "BIODATA Pin=7\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=58\tMinorVer=0\tFormat=0"
                         "\tTmp=QUJDRA==\n")
                .status,
            200);
  EXPECT_EQ(node(0).post("/iclock/cdata?SN=W1&table=ERRORLOG&Stamp=5",
                         "ERRORLOG ErrCode=D01E0001\tErrMsg=\tDataOrigin=cmd\tCmdId=1\tAdditional=\n")
                .status,
            200);
  // Each \x00 ends its literal: "\x00b" would be one escape.
  const std::string jpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x00" "binary\x00" "data\xFF\xD9", 26);
  EXPECT_EQ(node(1).post("/iclock/cdata?SN=W1&table=ATTPHOTO&Stamp=6",
                         "PIN=20261201080000-1.jpg\nSN=W1\nsize=" + std::to_string(jpeg.size()) + "\nCMD=uploadphoto" +
                             std::string(1, '\0') + jpeg)
                .body,
            "OK");

  // The upload through node C moved the stamp; a handshake on node B says so.
  const std::string options = node(1).get(boot_request("W1")).body;
  EXPECT_NE(options.find("ATTLOGStamp=2"), std::string::npos) << options;

  // Every node's API sees every record, once.
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(node(i).api_get("/api/v1/devices/W1/attendance")["items"].size(), 2u) << "node " << i;
    EXPECT_EQ(node(i).api_get("/api/v1/devices/W1/users")["items"].size(), 1u) << "node " << i;
    EXPECT_EQ(node(i).api_get("/api/v1/devices/W1/templates")["items"].size(), 1u) << "node " << i;
    EXPECT_EQ(node(i).api_get("/api/v1/devices/W1/errorlog")["items"].size(), 1u) << "node " << i;
    const auto photos = node(i).api_get("/api/v1/devices/W1/photos")["items"];
    ASSERT_EQ(photos.size(), 1u) << "node " << i;
    EXPECT_EQ(node(i).api_raw("GET", photos[0]["url"].get<std::string>()).body, jpeg) << "node " << i;
  }

  // A command queued through A goes out through B once, and a reply through
  // C completes it.
  EXPECT_EQ(node(1).get("/iclock/getrequest?SN=W1").body, "OK");
  const std::string id = queue(node(0), "W1", "INFO");
  std::string delivered;
  ASSERT_TRUE(eventually([&] {
    delivered = node(1).get("/iclock/getrequest?SN=W1").body;
    return delivered != "OK";
  }));
  EXPECT_EQ(delivered, "C:" + id + ":INFO\n");
  EXPECT_EQ(node(2).get("/iclock/getrequest?SN=W1").body, "OK");
  EXPECT_EQ(node(1).get("/iclock/getrequest?SN=W1").body, "OK");
  EXPECT_EQ(node(2).post("/iclock/devicecmd?SN=W1", "ID=" + id + "&Return=0&CMD=INFO\n").body, "OK");
  EXPECT_EQ(node(0).api_get("/api/v1/commands/" + id)["status"], "done");
}

TEST_F(ClusterTest, ATerminalRegisteredByItsHandshakeIsKnownEverywhereWithWhatItSaid) {
  const std::string boot = "/iclock/cdata?SN=REG1&options=all&pushver=2.4.1&language=69&DeviceType=att";
  ASSERT_EQ(node(0).get(boot).status, 200);
  for (std::size_t i = 0; i < 3; ++i) {
    const json device = node(i).api_get("/api/v1/devices/REG1");
    EXPECT_EQ(device["push_version"], "2.4.1") << "node " << i;
    EXPECT_EQ(device["language"], "69") << "node " << i;
  }
  // The same handshake again changes nothing: it is answered as the first was.
  EXPECT_EQ(node(0).get(boot).status, 200);
  EXPECT_EQ(node(1).api_get("/api/v1/devices/REG1")["push_version"], "2.4.1");
}

TEST_F(ClusterTest, ACommandQueuedBeforeANodeMetTheTerminalGoesOutThroughThatNode) {
  ASSERT_EQ(node(0).get(boot_request("CMD1")).status, 200);
  const std::string id = queue(node(0), "CMD1", "INFO");
  // Node C has never served CMD1: the command reaches it all the same.
  std::string delivered;
  ASSERT_TRUE(eventually([&] {
    delivered = node(2).get("/iclock/getrequest?SN=CMD1").body;
    return delivered != "OK";
  }));
  EXPECT_EQ(delivered, "C:" + id + ":INFO\n");
  // A terminal this node registered itself has nothing waiting.
  ASSERT_EQ(node(1).get(boot_request("CMD2")).status, 200);
  EXPECT_EQ(node(1).get("/iclock/getrequest?SN=CMD2").body, "OK");
}

TEST_F(ClusterTest, PropertiesReportedThroughAnyNodeAreWhatEveryNodeShowsAndCompares) {
  auto report = [&](std::size_t i, const std::string& firmware) {
    return node(i).post("/iclock/cdata?SN=PR1&table=options", "~DeviceName=t,FWVersion=" + firmware).status;
  };
  auto firmware_at = [&](std::size_t i) { return node(i).api_get("/api/v1/devices/PR1")["firmware"]; };
  ASSERT_EQ(node(0).get(boot_request("PR1")).status, 200);
  // Another node's view follows the database's notification, a moment later.
  ASSERT_EQ(report(0, "1.0"), 200);
  EXPECT_TRUE(eventually([&] { return firmware_at(1) == "1.0"; }));
  ASSERT_EQ(report(1, "2.0"), 200);
  EXPECT_TRUE(eventually([&] { return firmware_at(2) == "2.0"; }));
  // Node A cached 1.0, what the terminal now reports again. Once it has heard
  // of B's change it compares with what is stored, not with its cache, and
  // stores 1.0 again.
  ASSERT_TRUE(eventually([&] { return report(0, "1.0") == 200 && firmware_at(2) == "1.0"; }));
}

TEST_F(ClusterTest, AdmissionDecidedOnOneNodeHoldsOnTheNextRequestAtAnother) {
  ASSERT_EQ(node(0).post(attlog_upload("ADM1", 1), punch_line("1", "2026-12-01 08:00:00")).body, "OK: 1");
  ASSERT_EQ(node(1).post(attlog_upload("ADM1", 2), punch_line("2", "2026-12-01 08:01:00")).body, "OK: 1");  // B caches it
  node(0).api_send("POST", "/api/v1/devices/ADM1/block", json::object(), 200);
  // The change reaches node B through the database's notification.
  ASSERT_TRUE(eventually([&] { return node(1).get("/iclock/getrequest?SN=ADM1").status == 403; }));
  EXPECT_EQ(node(1).post(attlog_upload("ADM1", 3), punch_line("3", "2026-12-01 08:02:00")).status, 403);
  EXPECT_EQ(node(2).get("/iclock/getrequest?SN=ADM1").status, 403);
  EXPECT_EQ(node(2).api_get("/api/v1/devices/ADM1/attendance")["items"].size(), 2u);

  // A serial number blocked before it ever reached node C is not new there.
  node(0).api_send("POST", "/api/v1/devices/ADM2/block", json::object(), 200);
  EXPECT_EQ(node(2).post(attlog_upload("ADM2", 1), punch_line("1", "2026-12-01 08:00:00")).status, 403);
  EXPECT_EQ(node(1).api_get("/api/v1/devices/ADM2")["admission"], "blocked");
}

TEST_F(ClusterTest, AnEventStreamOnOneNodeCarriesEveryNodesEventsAndResumesOnAnother) {
  auto sse = [](const Server& server, const std::string& last_id) {
    std::string r = "GET /api/v1/events?kinds=attendance.created HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                    server.admin_token() + "\r\n";
    if (!last_id.empty()) r += "Last-Event-ID: " + last_id + "\r\n";
    return r + "\r\n";
  };
  node(0).get(boot_request("EV1"));
  std::string last_id;
  {
    RawClient stream(node(1).api_port());
    stream.send(sse(node(1), ""));
    ASSERT_NE(stream.read_until(": zkpush event stream\n\n", std::chrono::seconds(5)), "");
    node(0).post(attlog_upload("EV1", 1), punch_line("1", "2026-12-01 08:00:00"));
    node(2).post(attlog_upload("EV1", 2), punch_line("2", "2026-12-01 08:01:00"));
    std::string events = stream.read_until("\"pin\":\"2\"", std::chrono::seconds(10));
    ASSERT_NE(events, "") << "node B's stream missed the uploads through A and C";
    EXPECT_LT(events.find("\"pin\":\"1\""), events.find("\"pin\":\"2\""));
    // The first id is pin 1's (a keep-alive comment may come before it when
    // the stream woke for an event of another kind).
    std::smatch m;
    ASSERT_TRUE(std::regex_search(events, m, std::regex("id: ([0-9.]+)\n")));
    last_id = m[1];
  }
  node(1).post(attlog_upload("EV1", 3), punch_line("3", "2026-12-01 08:02:00"));
  RawClient resumed(node(2).api_port());
  resumed.send(sse(node(2), last_id));
  std::string rest = resumed.read_until("\"pin\":\"3\"", std::chrono::seconds(10));
  ASSERT_NE(rest, "");
  EXPECT_EQ(rest.find("\"pin\":\"1\""), std::string::npos);
  EXPECT_LT(rest.find("\"pin\":\"2\""), rest.find("\"pin\":\"3\""));
}

TEST_F(ClusterTest, ConsoleSessionsAndTheSignInThrottleHoldAcrossNodes) {
  node(0).api_send("POST", "/api/v1/accounts", {{"name", "ana"}, {"password", "correct horse"}, {"role", "viewer"}},
                   201);
  auto sign_in = [&](std::size_t i, const std::string& password) {
    return node(i).api_as("", "POST", "/api/v1/session",
                          json{{"name", "ana"}, {"password", password}}.dump());
  };
  HttpReply signed_in = sign_in(1, "correct horse");
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string cookie = "Cookie: " + signed_in.header("set-cookie").substr(0, signed_in.header("set-cookie").find(';')) + "\r\n";
  EXPECT_EQ(node(2).api_as("", "GET", "/api/v1/devices", "", cookie).status, 200);

  // Five failures spread over the nodes lock the account on a third.
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(sign_in(i % 2, "wrong").status, 401);
  EXPECT_EQ(sign_in(2, "correct horse").status, 429);

  // Disabled through node A: the session opened on B ends on C.
  node(0).api_send("PATCH", "/api/v1/accounts/ana", {{"disabled", true}}, 200);
  EXPECT_TRUE(eventually([&] { return node(2).api_as("", "GET", "/api/v1/devices", "", cookie).status == 401; }));
  EXPECT_EQ(node(1).api_as("", "GET", "/api/v1/session", "", cookie).status, 401);
}

}  // namespace
}  // namespace zkpush::test
