// Connectors: punches pushed into ERPNext (Employee Checkins) and Odoo
// (hr.attendance), against stand-ins that accept only what the real APIs
// accept and answer as they do (fake_erpnext.h, fake_odoo.h).
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "fake_erpnext.h"
#include "fake_odoo.h"
#include "harness.h"
#include "sim_fixture.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

const std::string kKey = "a1b2c3d4e5f6a7b", kApiSecret = "0f9e8d7c6b5a4f3";

json erpnext_config(const InProcessServer& site, const std::string& secret = kApiSecret) {
  return json{{"url", site.url() + "/"}, {"api_key", kKey}, {"api_secret", secret}};
}

std::string path_of(const json& connector) { return "/api/v1/connectors/" + std::to_string(connector["id"].get<int>()); }

// The delivery log by event id.
std::map<std::string, json> deliveries_of(const Server& server, const json& connector) {
  std::map<std::string, json> by_event;
  for (const auto& d : server.api_get_all(path_of(connector) + "/deliveries")) by_event[d["event_id"]] = d;
  return by_event;
}

// True once every event of `ids` is settled (delivered or given up).
bool settled(const Server& server, const json& connector, std::initializer_list<const char*> ids) {
  auto log = deliveries_of(server, connector);
  for (const char* id : ids)
    if (!log.count(id) || log[id]["status"] == "failing") return false;
  return true;
}

TEST(ConnectorErpnext, PunchesBecomeCheckinsAndRefusalsAreRecordedNotRetried) {
  FakeErpnext erpnext(kKey, kApiSecret);
  erpnext.add_employee("HR-EMP-00001", "Jane Doe", "7");
  erpnext.add_employee("HR-EMP-00002", "Li Wei", "8");
  // Li Wei's 09:00 check-in is already there (another sync tool).
  erpnext.add_checkin({"EMP-CKIN-11-2026-000001", "HR-EMP-00002", "2026-11-28 09:00:00", "IN", "OLD", 0});
  InProcessServer site(erpnext);
  TempDir dir;
  Server server(dir.path(), {"--webhook-first-backoff", "0.2"});
  auto connector = server.api_send(
      "POST", "/api/v1/connectors",
      {{"target", "erpnext"}, {"name", "HQ ERPNext"}, {"config", erpnext_config(site)}}, 201);
  EXPECT_EQ(connector["name"], "HQ ERPNext");
  EXPECT_EQ(connector["config"]["api_secret"], "********");
  EXPECT_EQ(connector["config"]["url"], site.url() + "/");

  server.get("/iclock/cdata?SN=ERP1&options=all&pushver=2.4.1");
  server.api_send("PATCH", "/api/v1/devices/ERP1", {{"punch_direction", "status"}}, 200);
  // 7 in, 7 out, 99 (nobody), 8 with no state key (direction unknown), 8's duplicate.
  ASSERT_EQ(server.post("/iclock/cdata?SN=ERP1&table=ATTLOG&Stamp=1",
                        "7\t2026-11-28 08:00:00\t0\t1\t0\t0\n7\t2026-11-28 17:00:00\t1\t1\t0\t0\n"
                        "99\t2026-11-28 08:05:00\t0\t1\t0\t0\n8\t2026-11-28 08:30:00\t255\t1\t0\t0\n"
                        "8\t2026-11-28 09:00:00\t0\t1\t0\t0\n")
                .body,
            "OK: 5");
  ASSERT_TRUE(eventually([&] { return settled(server, connector, {"att-1", "att-2", "att-3", "att-4", "att-5"}); }));

  const auto checkins = erpnext.checkins();
  ASSERT_EQ(checkins.size(), 4u);  // the old one and three new
  EXPECT_EQ(checkins[1].employee, "HR-EMP-00001");
  EXPECT_EQ(checkins[1].time, "2026-11-28 08:00:00");  // the terminal's wall clock
  EXPECT_EQ(checkins[1].log_type, "IN");
  EXPECT_EQ(checkins[1].device_id, "ERP1");
  EXPECT_EQ(checkins[2].time, "2026-11-28 17:00:00");
  EXPECT_EQ(checkins[2].log_type, "OUT");
  EXPECT_EQ(checkins[3].employee, "HR-EMP-00002");
  EXPECT_EQ(checkins[3].log_type, "");  // no direction: none sent
  EXPECT_TRUE(erpnext.misuses().empty()) << erpnext.misuses().front();

  auto log = deliveries_of(server, connector);
  EXPECT_EQ(log["att-1"]["status"], "delivered");
  EXPECT_EQ(log["att-3"]["status"], "given_up");
  EXPECT_EQ(log["att-3"]["attempts"], 1);  // a refusal is not retried
  EXPECT_EQ(log["att-3"]["last_http_status"], 417);
  EXPECT_EQ(log["att-3"]["last_error"],
            "refused by ERPNext: No Employee found for the given employee field value. 'attendance_device_id': 99");
  // The duplicate: the log ERPNext should have is there.
  EXPECT_EQ(log["att-5"]["status"], "delivered");
  EXPECT_EQ(log["att-5"]["last_error"],
            "already in ERPNext (a duplicate is fine): This employee already has a log with the same "
            "timestamp.EMP-CKIN-11-2026-000001");
  EXPECT_EQ(erpnext.checkin_calls(), 5);

  auto status = server.api_get(path_of(connector));
  EXPECT_FALSE(status["status"]["last_success_at"].is_null());
  EXPECT_EQ(status["status"]["last_error"]["event_id"], "att-3");
  EXPECT_EQ(status["status"]["backlog"], 0);
  auto test = server.api_send("POST", path_of(connector) + "/test", json::object(), 200);
  EXPECT_EQ(test["ok"], true);
  EXPECT_EQ(test["message"], "signed in as zkpush@example.com");

  // A wrong secret: the test says so, and punches wait (401 is retried)
  // until the secret is put right.
  server.api_send("PATCH", path_of(connector), {{"config", {{"api_secret", "wrong-secret"}}}}, 200);
  test = server.api_send("POST", path_of(connector) + "/test", json::object(), 200);
  EXPECT_EQ(test["ok"], false);
  EXPECT_EQ(test["http_status"], 401);
  server.post("/iclock/cdata?SN=ERP1&table=ATTLOG&Stamp=2", "7\t2026-11-29 08:00:00\t0\t1\t0\t0\n");
  ASSERT_TRUE(eventually([&] {
    auto d = deliveries_of(server, connector);
    return d.count("att-6") && d["att-6"]["attempts"].get<int>() >= 2;
  }));
  log = deliveries_of(server, connector);
  EXPECT_EQ(log["att-6"]["status"], "failing");
  EXPECT_EQ(log["att-6"]["last_http_status"], 401);
  EXPECT_NE(log["att-6"]["last_error"].get<std::string>().find("ERPNext refused the credentials"), std::string::npos);
  status = server.api_get(path_of(connector));
  EXPECT_EQ(status["status"]["backlog"], 1);
  EXPECT_EQ(status["status"]["last_error"]["event_id"], "att-6");
  server.api_send("PATCH", path_of(connector), {{"config", {{"api_secret", kApiSecret}}}}, 200);
  server.api_send("POST", path_of(connector) + "/retry", json::object(), 202);
  ASSERT_TRUE(eventually([&] { return settled(server, connector, {"att-6"}); }));
  EXPECT_EQ(deliveries_of(server, connector)["att-6"]["status"], "delivered");
  EXPECT_EQ(erpnext.checkins().size(), 5u);
}

TEST(ConnectorErpnext, ATargetThatWasDownGetsEveryPunchOnceWhenItReturns) {
  FakeErpnext erpnext(kKey, kApiSecret);
  erpnext.add_employee("HR-EMP-00001", "Jane Doe", "7");
  auto site = std::make_unique<InProcessServer>(erpnext);
  const json config = erpnext_config(*site);
  const auto port = static_cast<unsigned short>(site->port());
  site.reset();  // down
  TempDir dir;
  Server server(dir.path(), {"--webhook-first-backoff", "0.2"});
  auto connector = server.api_send("POST", "/api/v1/connectors", {{"target", "erpnext"}, {"config", config}}, 201);
  server.get("/iclock/cdata?SN=ERP2&options=all&pushver=2.4.1");
  ASSERT_EQ(server.post("/iclock/cdata?SN=ERP2&table=ATTLOG&Stamp=1",
                        "7\t2026-11-28 08:00:00\t0\t1\t0\t0\n7\t2026-11-28 12:00:00\t1\t1\t0\t0\n"
                        "7\t2026-11-28 13:00:00\t0\t1\t0\t0\n")
                .body,
            "OK: 3");
  ASSERT_TRUE(eventually([&] {
    auto d = deliveries_of(server, connector);
    return d.count("att-1") && d["att-1"]["attempts"].get<int>() >= 2;
  }));
  auto status = server.api_get(path_of(connector));
  EXPECT_EQ(status["status"]["backlog"], 3);
  EXPECT_TRUE(status["status"]["last_success_at"].is_null());
  EXPECT_EQ(status["status"]["last_error"]["status"], "failing");

  site = std::make_unique<InProcessServer>(erpnext, port);  // back
  server.api_send("POST", path_of(connector) + "/retry", json::object(), 202);
  ASSERT_TRUE(eventually([&] { return settled(server, connector, {"att-1", "att-2", "att-3"}); }));
  const auto checkins = erpnext.checkins();
  ASSERT_EQ(checkins.size(), 3u);
  EXPECT_EQ(checkins[0].time, "2026-11-28 08:00:00");
  EXPECT_EQ(checkins[1].log_type, "OUT");
  EXPECT_EQ(checkins[2].time, "2026-11-28 13:00:00");
  EXPECT_EQ(erpnext.checkin_calls(), 3);  // each once: no duplicate was even tried
  EXPECT_EQ(server.api_get(path_of(connector))["status"]["backlog"], 0);
}

TEST(ConnectorErpnext, OnlyTheTerminalsInScopeAndBadConfigsAreNamed) {
  FakeErpnext erpnext(kKey, kApiSecret);
  erpnext.add_employee("HR-EMP-00001", "Jane Doe", "7");
  InProcessServer site(erpnext);
  TempDir dir;
  Server server(dir.path());
  json config = erpnext_config(site);
  config["device_id"] = "alias";
  config["scope"] = {{"terminals", json::array({"IN1"})}};
  auto connector = server.api_send("POST", "/api/v1/connectors", {{"target", "erpnext"}, {"config", config}}, 201);
  server.get("/iclock/cdata?SN=IN1&options=all&pushver=2.4.1");
  server.get("/iclock/cdata?SN=OUT1&options=all&pushver=2.4.1");
  server.api_send("PATCH", "/api/v1/devices/IN1", {{"name", "Front door"}, {"punch_direction", "in"}}, 200);
  server.post("/iclock/cdata?SN=OUT1&table=ATTLOG&Stamp=1", "7\t2026-11-28 08:00:00\t0\t1\t0\t0\n");
  server.post("/iclock/cdata?SN=IN1&table=ATTLOG&Stamp=1", "7\t2026-11-28 08:01:00\t1\t1\t0\t0\n");
  ASSERT_TRUE(eventually([&] { return erpnext.checkins().size() == 1; }));
  const auto checkin = erpnext.checkins()[0];
  EXPECT_EQ(checkin.device_id, "Front door");
  EXPECT_EQ(checkin.log_type, "IN");  // an entry terminal, whatever the key
  EXPECT_EQ(checkin.time, "2026-11-28 08:01:00");
  ASSERT_TRUE(eventually([&] { return settled(server, connector, {"att-2"}); }));
  const auto log = deliveries_of(server, connector);
  EXPECT_EQ(log.count("att-1"), 0u);  // out of scope: skipped, not in the log
  EXPECT_EQ(server.api_get(path_of(connector))["status"]["backlog"], 0);

  EXPECT_EQ(server.api_send("POST", "/api/v1/connectors", {{"target", "erpnext"}, {"config", {{"url", "ftp://x"}}}},
                            400)["error"],
            "config.url: an http:// or https:// URL is required");
  EXPECT_EQ(server.api_send("POST", "/api/v1/connectors",
                            {{"target", "erpnext"}, {"config", {{"url", "http://x"}, {"api_key", "k"}}}}, 400)["error"],
            "config.api_secret: a non-empty string is required");
  EXPECT_EQ(server.api_send("POST", "/api/v1/connectors", {{"target", "sap"}, {"config", json::object()}}, 400)["error"],
            "target: \"erpnext\" or \"odoo\"");
  EXPECT_EQ(server.api_send("PATCH", path_of(connector), {{"config", {{"scope", {{"groups", "all"}}}}}}, 400)["error"],
            "config.scope.groups: an array of group ids");
  // Connectors are not among the plain webhooks.
  EXPECT_TRUE(server.api_get("/api/v1/webhooks")["items"].empty());
  server.api_send("DELETE", path_of(connector), json::object(), 200);
  EXPECT_TRUE(server.api_get("/api/v1/connectors")["items"].empty());
}

const std::string kOdooKey = "7c1e0a5b9d2f4e6a8b3c";

TEST(ConnectorOdoo, CheckInsAndOutsArePairedAndWhatOdooRefusesIsReported) {
  FakeOdoo odoo("hq", "zkpush@example.com", kOdooKey);
  odoo.add_employee(7, "Jane Doe", "7");
  odoo.add_employee(8, "Li Wei", "8");
  InProcessServer site(odoo);
  TempDir dir;
  Server server(dir.path(), {"--webhook-first-backoff", "0.2"});
  // The terminal's TimeZone (UTC+2, below) wins over the config's fallback.
  auto connector = server.api_send("POST", "/api/v1/connectors",
                                   {{"target", "odoo"},
                                    {"config",
                                     {{"url", site.url()},
                                      {"database", "hq"},
                                      {"login", "zkpush@example.com"},
                                      {"api_key", kOdooKey},
                                      {"time_zone", "-5"}}}},
                                   201);
  EXPECT_EQ(connector["config"]["api_key"], "********");
  auto test = server.api_send("POST", path_of(connector) + "/test", json::object(), 200);
  EXPECT_EQ(test["ok"], true);
  EXPECT_EQ(test["message"], "signed in as uid 2");

  server.get("/iclock/cdata?SN=ODOO1&options=all&pushver=2.4.1");
  server.api_send("PUT", "/api/v1/devices/ODOO1/settings", {{"TimeZone", "2"}}, 200);
  // 7: in, out (one attendance); 8: out with none open, in, in again while open; 9: nobody.
  ASSERT_EQ(server.post("/iclock/cdata?SN=ODOO1&table=ATTLOG&Stamp=1",
                        "7\t2026-11-28 08:00:00\t0\t1\t0\t0\n7\t2026-11-28 17:00:00\t1\t1\t0\t0\n"
                        "8\t2026-11-28 07:00:00\t1\t1\t0\t0\n8\t2026-11-28 08:00:00\t0\t1\t0\t0\n"
                        "8\t2026-11-28 09:00:00\t0\t1\t0\t0\n9\t2026-11-28 09:30:00\t0\t1\t0\t0\n")
                .body,
            "OK: 6");
  ASSERT_TRUE(eventually(
      [&] { return settled(server, connector, {"att-1", "att-2", "att-3", "att-4", "att-5", "att-6"}); }));

  const auto attendances = odoo.attendances();
  ASSERT_EQ(attendances.size(), 2u);
  EXPECT_EQ(attendances[0].employee_id, 7);
  EXPECT_EQ(attendances[0].check_in, "2026-11-28 06:00:00");  // UTC
  EXPECT_EQ(attendances[0].check_out, "2026-11-28 15:00:00");
  EXPECT_EQ(attendances[1].employee_id, 8);
  EXPECT_EQ(attendances[1].check_in, "2026-11-28 06:00:00");
  EXPECT_FALSE(attendances[1].check_out.has_value());
  EXPECT_TRUE(odoo.misuses().empty()) << odoo.misuses().front();
  EXPECT_EQ(odoo.logins(), 2);  // the test's, then one for the worker (cached)

  auto log = deliveries_of(server, connector);
  EXPECT_EQ(log["att-1"]["status"], "delivered");
  EXPECT_EQ(log["att-2"]["status"], "delivered");
  EXPECT_EQ(log["att-3"]["status"], "given_up");
  EXPECT_EQ(log["att-3"]["attempts"], 1);
  EXPECT_EQ(log["att-3"]["last_error"],
            "check-out without an open check-in (employee 8 at 2026-11-28 05:00:00 UTC)");
  EXPECT_EQ(log["att-4"]["status"], "delivered");
  EXPECT_EQ(log["att-5"]["status"], "given_up");
  EXPECT_EQ(log["att-5"]["last_error"],
            "refused by Odoo: Cannot create new attendance record for Li Wei, the employee hasn't checked out since "
            "11/28/2026 06:00:00");
  EXPECT_EQ(log["att-6"]["last_error"], "no employee with barcode 9");
  auto status = server.api_get(path_of(connector));
  EXPECT_EQ(status["status"]["last_error"]["event_id"], "att-6");
  EXPECT_EQ(status["status"]["backlog"], 0);

  // A revoked key: every call is AccessDenied, login answers false; the
  // punch waits (retried) until the config has the new key.
  odoo.set_api_key("a-new-key-0123456789");
  server.post("/iclock/cdata?SN=ODOO1&table=ATTLOG&Stamp=2", "8\t2026-11-28 18:00:00\t1\t1\t0\t0\n");
  ASSERT_TRUE(eventually([&] {
    auto d = deliveries_of(server, connector);
    return d.count("att-7") && d["att-7"]["attempts"].get<int>() >= 2;
  }));
  log = deliveries_of(server, connector);
  EXPECT_EQ(log["att-7"]["status"], "failing");
  EXPECT_NE(log["att-7"]["last_error"].get<std::string>().find("Odoo refused the login"), std::string::npos);
  test = server.api_send("POST", path_of(connector) + "/test", json::object(), 200);
  EXPECT_EQ(test["ok"], false);
  server.api_send("PATCH", path_of(connector), {{"config", {{"api_key", "a-new-key-0123456789"}}}}, 200);
  server.api_send("POST", path_of(connector) + "/retry", json::object(), 202);
  ASSERT_TRUE(eventually([&] { return settled(server, connector, {"att-7"}); }));
  EXPECT_EQ(deliveries_of(server, connector)["att-7"]["status"], "delivered");
  EXPECT_EQ(odoo.attendances()[1].check_out, "2026-11-28 16:00:00");
}

}  // namespace
}  // namespace zkpush::test
