// Device admission against the real binary (issue 5): every policy and
// state, an emulated terminal that waits for approval and then uploads
// everything it held, pushcommkey binding, and the admin routes.
#include <gtest/gtest.h>

#include <set>

#include "harness.h"
#include "sim_fixture.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

const std::string kFourFieldPunch = "1\t2026-02-02 08:00:00\t0\t1\n";

std::string handshake(const std::string& sn) { return "/iclock/cdata?SN=" + sn + "&options=all&pushver=2.4.1"; }
std::string attlog(const std::string& sn) { return "/iclock/cdata?SN=" + sn + "&table=ATTLOG&Stamp=1"; }

std::set<std::string> sns_of(const json& list) {
  std::set<std::string> out;
  for (const auto& d : list["items"]) out.insert(d["sn"].get<std::string>());
  return out;
}

TEST(Admission, OpenIsTheDefaultWithAWarning) {
  TempDir dir;
  Server server(dir.path(), {}, LaunchOptions{.capture_log = true});
  EXPECT_EQ(server.get(handshake("OPEN1")).status, 200);
  EXPECT_EQ(server.post(attlog("OPEN1"), kFourFieldPunch).body, "OK: 1");
  auto device = server.api_get("/api/v1/devices/OPEN1");
  EXPECT_EQ(device["admission"], "approved");
  EXPECT_TRUE(device["admission_policy"].is_null());
  EXPECT_NE(server.log().find("[warning] admission policy open"), std::string::npos) << server.log();
}

TEST(Admission, ApprovePolicyKeepsAPendingDeviceConnectedButTakesNoData) {
  TempDir dir;
  Server server(dir.path(), {"--admission", "approve"});
  auto options = server.get(handshake("PEND1"));
  EXPECT_EQ(options.status, 200);
  EXPECT_EQ(options.body.rfind("GET OPTION FROM: PEND1\n", 0), 0u) << options.body;
  EXPECT_EQ(server.post("/iclock/cdata?SN=PEND1&table=options", "~DeviceName=MB10-VL,FWVersion=Ver 8.0.4").status, 200);
  EXPECT_EQ(server.get("/iclock/ping?SN=PEND1").body, "OK");

  auto refused = server.post(attlog("PEND1"), kFourFieldPunch);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(server.post("/iclock/cdata?SN=PEND1&table=OPERLOG&Stamp=1", "USER PIN=1\tName=Ann\n").status, 503);
  EXPECT_EQ(server.api_get("/api/v1/devices/PEND1/attendance")["items"].size(), 0u);
  EXPECT_EQ(server.api_get("/api/v1/devices/PEND1/users")["items"].size(), 0u);
  // Commands wait for the approval; the poll is answered "OK".
  const std::string id = queue(server, "PEND1", "INFO");
  EXPECT_EQ(server.get("/iclock/getrequest?SN=PEND1").body, "OK");

  auto device = server.api_get("/api/v1/devices/PEND1");
  EXPECT_EQ(device["admission"], "pending");
  EXPECT_EQ(device["info"]["~DeviceName"], "MB10-VL");  // what an administrator sees before approving
  EXPECT_EQ(sns_of(server.api_get("/api/v1/devices?status=pending")), std::set<std::string>{"PEND1"});
  EXPECT_TRUE(server.api_get("/api/v1/devices?status=approved")["items"].empty());

  EXPECT_EQ(server.api_send("POST", "/api/v1/devices/PEND1/approve", json::object(), 200)["admission"], "approved");
  EXPECT_EQ(server.post(attlog("PEND1"), kFourFieldPunch).body, "OK: 1");
  EXPECT_EQ(server.get("/iclock/getrequest?SN=PEND1").body, "C:" + id + ":INFO\n");
  EXPECT_TRUE(server.api_get("/api/v1/devices?status=pending")["items"].empty());
  // The state survives a restart.
  server.restart();
  EXPECT_EQ(server.api_get("/api/v1/devices/PEND1")["admission"], "approved");
}

TEST(Admission, ApprovedAfterPendingTheTerminalUploadsEverythingItHeld) {
  TempDir dir;
  Server server(dir.path(), {"--admission", "approve"});
  auto config = config_for("WAIT1");
  config.history = 303;  // three batches, resent every 200 ms while refused
  RunningTerminal run(server.device_port(), config);
  // Refused, and refused again when it resends.
  ASSERT_TRUE(run.wait_until([](sim::Terminal&, sim::Stats& stats) { return stats.error_count() >= 2; }));
  EXPECT_EQ(server.api_get("/api/v1/devices/WAIT1")["admission"], "pending");
  EXPECT_EQ(server.api_get("/api/v1/devices/WAIT1/attendance")["items"].size(), 0u);
  server.api_send("POST", "/api/v1/devices/WAIT1/approve", json::object(), 200);
  EXPECT_TRUE(run.stop_when([](sim::Terminal& terminal, sim::Stats&) { return all_uploaded(terminal); }));
  sim::Terminal& terminal = run.stop();

  EXPECT_GT(run.stats().error_count(), 0u) << "the terminal never saw its uploads refused";
  ASSERT_EQ(terminal.db().attlogs.size(), 303u);
  std::set<std::string> punched, stored;
  for (const auto& a : terminal.db().attlogs) {
    EXPECT_TRUE(a.uploaded) << a.record.time;
    punched.insert(a.record.time + " " + a.record.pin);
  }
  const auto rows = server.api_get_all("/api/v1/devices/WAIT1/attendance");
  for (const auto& row : rows) stored.insert(row["time"].get<std::string>() + " " + row["pin"].get<std::string>());
  EXPECT_EQ(rows.size(), stored.size()) << "stored twice";
  EXPECT_EQ(stored, punched) << "nothing lost";
}

TEST(Admission, AllowlistRefusesUnknownSerialNumbersAndStoresNothing) {
  TempDir dir;
  Server server(dir.path(), {"--admission", "allowlist"}, LaunchOptions{.capture_log = true});
  EXPECT_EQ(server.get(handshake("STRANGER")).status, 403);
  EXPECT_EQ(server.post(attlog("STRANGER"), kFourFieldPunch).status, 403);
  EXPECT_EQ(server.get("/iclock/getrequest?SN=STRANGER").status, 403);
  server.api_get("/api/v1/devices/STRANGER", 404);
  EXPECT_TRUE(server.api_get("/api/v1/devices")["items"].empty());
  EXPECT_TRUE(server.wait_for_log("unknown device STRANGER from 127.0.0.1 refused with 403")) << server.log();
  const std::string log = server.log();
  EXPECT_EQ(log.find("STRANGER", log.find("STRANGER") + 1), std::string::npos) << "logged once, not per request";

  // Approving an SN never seen puts it on the allowlist.
  EXPECT_EQ(server.api_send("POST", "/api/v1/devices/LISTED1/approve", json::object(), 200)["admission"], "approved");
  EXPECT_EQ(server.get(handshake("LISTED1")).status, 200);
  EXPECT_EQ(server.post(attlog("LISTED1"), kFourFieldPunch).body, "OK: 1");
}

TEST(Admission, BlockedDeviceIsRefusedEverythingUntilUnblocked) {
  TempDir dir;
  Server server(dir.path());
  ASSERT_EQ(server.post(attlog("BLK1"), kFourFieldPunch).body, "OK: 1");
  EXPECT_EQ(server.api_send("POST", "/api/v1/devices/BLK1/block", json::object(), 200)["admission"], "blocked");
  EXPECT_EQ(server.get(handshake("BLK1")).status, 403);
  EXPECT_EQ(server.get("/iclock/getrequest?SN=BLK1").status, 403);
  EXPECT_EQ(server.post(attlog("BLK1"), "1\t2026-02-02 09:00:00\t0\t1\n").status, 403);
  EXPECT_EQ(server.api_get("/api/v1/devices/BLK1/attendance")["items"].size(), 1u);
  EXPECT_EQ(sns_of(server.api_get("/api/v1/devices?status=blocked")), std::set<std::string>{"BLK1"});
  // Blocking an SN never seen keeps it out under any policy.
  server.api_send("POST", "/api/v1/devices/STOLEN1/block", json::object(), 200);
  EXPECT_EQ(server.get(handshake("STOLEN1")).status, 403);

  // Unblocked, it is pending again and its policy decides: open approves it.
  EXPECT_EQ(server.api_send("POST", "/api/v1/devices/BLK1/unblock", json::object(), 200)["admission"], "pending");
  EXPECT_EQ(server.post(attlog("BLK1"), "1\t2026-02-02 09:00:00\t0\t1\n").body, "OK: 1");
  EXPECT_EQ(server.api_get("/api/v1/devices/BLK1")["admission"], "approved");
}

TEST(Admission, ADevicesOwnPolicyOverridesTheServers) {
  TempDir dir;
  Server server(dir.path());  // open
  ASSERT_EQ(server.get(handshake("OWN1")).status, 200);
  server.api_send("POST", "/api/v1/devices/OWN1/block", json::object(), 200);
  EXPECT_EQ(server.api_send("PUT", "/api/v1/devices/OWN1/admission", {{"policy", "allowlist"}}, 200)["admission_policy"],
            "allowlist");
  server.api_send("POST", "/api/v1/devices/OWN1/unblock", json::object(), 200);
  EXPECT_EQ(server.get(handshake("OWN1")).status, 403);  // pending, and its own policy is allowlist
  server.restart();
  EXPECT_EQ(server.get(handshake("OWN1")).status, 403);
  EXPECT_TRUE(server.api_send("PUT", "/api/v1/devices/OWN1/admission", {{"policy", nullptr}}, 200)["admission_policy"]
                  .is_null());
  EXPECT_EQ(server.get(handshake("OWN1")).status, 200);  // the server's open approves it
  EXPECT_EQ(server.api_get("/api/v1/devices/OWN1")["admission"], "approved");
}

TEST(Admission, BoundPushCommKeyIsRequired) {  // 004 §5
  TempDir dir;
  Server server(dir.path(), {}, LaunchOptions{.capture_log = true});
  const std::string sn = "KEY1";
  ASSERT_EQ(server.get(handshake(sn) + "&pushcommkey=4a9594af").status, 200);  // the first key binds
  auto device = server.api_get("/api/v1/devices/" + sn);
  EXPECT_EQ(device["pushcommkey_bound"], true);
  EXPECT_FALSE(device.contains("push_comm_key"));  // a credential: never shown

  EXPECT_EQ(server.get(handshake(sn) + "&pushcommkey=deadbeef").status, 403);
  EXPECT_EQ(server.get(handshake(sn)).status, 403);  // a bound device must present it
  EXPECT_EQ(server.post(attlog(sn) + "&pushcommkey=deadbeef", kFourFieldPunch).status, 403);
  EXPECT_EQ(server.post(attlog(sn), kFourFieldPunch).body, "OK: 1");  // uploads do not carry it
  EXPECT_EQ(server.get(handshake(sn) + "&pushcommkey=4a9594af").status, 200);
  EXPECT_TRUE(server.wait_for_log("device KEY1 from 127.0.0.1 refused with 403: its pushcommkey is not the key"))
      << server.log();

  // An administrator rebinds it, or unbinds it so the next key binds.
  server.api_send("PUT", "/api/v1/devices/" + sn + "/admission", {{"pushcommkey", "deadbeef"}}, 200);
  EXPECT_EQ(server.get(handshake(sn) + "&pushcommkey=deadbeef").status, 200);
  EXPECT_EQ(server.get(handshake(sn) + "&pushcommkey=4a9594af").status, 403);
  EXPECT_EQ(server.api_send("PUT", "/api/v1/devices/" + sn + "/admission", {{"pushcommkey", ""}}, 200)["pushcommkey_bound"],
            false);
  EXPECT_EQ(server.get(handshake(sn) + "&pushcommkey=c0ffee").status, 200);
  EXPECT_EQ(server.get(handshake(sn) + "&pushcommkey=deadbeef").status, 403);
}

TEST(Admission, AdminRoutesValidate) {
  TempDir dir;
  Server server(dir.path());
  ASSERT_EQ(server.get(handshake("VAL1")).status, 200);
  server.api_get("/api/v1/devices?status=maybe", 400);
  server.api_send("POST", "/api/v1/devices/VAL1/unblock", json::object(), 409);  // not blocked
  server.api_send("POST", "/api/v1/devices/NOPE/unblock", json::object(), 404);
  server.api_send("POST", "/api/v1/devices/BAD%01SN/approve", json::object(), 400);
  server.api_send("PUT", "/api/v1/devices/VAL1/admission", {{"policy", "sometimes"}}, 400);
  server.api_send("PUT", "/api/v1/devices/VAL1/admission", {{"pushcommkey", 5}}, 400);
  server.api_send("PUT", "/api/v1/devices/VAL1/admission", {{"state", "approved"}}, 400);
  server.api_send("PUT", "/api/v1/devices/NOPE/admission", {{"policy", "open"}}, 404);
  EXPECT_EQ(server.api_get("/api/v1/devices/VAL1")["admission"], "approved");
}

}  // namespace
}  // namespace zkpush::test
