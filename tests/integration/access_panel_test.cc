// The emulated access panel (sim/access_panel.h) against the real binary:
// it registers and authenticates, its people and rights come by commands,
// passes and refusals reach the API and the event stream, and a remote open
// comes back as the panel's own event and door state.
#include <gtest/gtest.h>

#include "access_fixture.h"
#include "support/raw_client.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

class AccessPanelTest : public ::testing::Test {
 protected:
  AccessPanelTest() : server_(dir_.path()), panel_(server_.device_port(), "PANEL01", 2) {}
  json door(int n) const {
    const json doors = server_.api_get("/api/v1/doors");
    for (const auto& d : doors["items"])
      if (d["sn"] == "PANEL01" && d["door"] == n) return d;
    return {};
  }
  TempDir dir_;
  Server server_;
  Panel panel_;
};

TEST_F(AccessPanelTest, ItsPeopleComeByCommandAndItsPassesAndRefusalsReachTheApiAndTheStream) {
  ASSERT_TRUE(panel_.boot());
  EXPECT_FALSE(panel_->token().empty());
  EXPECT_EQ(server_.api_get("/api/v1/devices/PANEL01")["dialect"], "access");
  RawClient stream(server_.api_port());
  stream.send("GET /api/v1/events?kinds=access.granted,access.denied HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              "Authorization: Bearer " + server_.admin_token() + "\r\n\r\n");
  ASSERT_NE(stream.read_until(": zkpush event stream\n\n", std::chrono::seconds(5)), "");

  server_.api_send("POST", "/api/v1/devices/PANEL01/commands", {{"command", "DATA UPDATE user Pin=7\tName=Ana"}}, 201);
  server_.api_send("POST", "/api/v1/devices/PANEL01/commands",
                   {{"command", "DATA UPDATE userauthorize Pin=7\tAuthorizeTimezoneId=1\tAuthorizeDoorId=1"}}, 201);
  ASSERT_EQ(panel_.poll(), 2);
  EXPECT_EQ(panel_->db().tables.at("user").size(), 1u);
  panel_->present("7", 1);  // door 1 is Ana's
  panel_->present("7", 2);  // door 2 is not
  panel_->present("stranger", 1);
  panel_.upload();

  auto events = server_.api_get("/api/v1/access-events?sn=PANEL01")["items"];
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2]["class"], "granted");
  EXPECT_EQ(events[2]["pin"], "7");
  EXPECT_EQ(events[2]["door"], 1);
  EXPECT_EQ(events[1]["class"], "denied");
  EXPECT_EQ(events[1]["event"], 23);
  EXPECT_EQ(events[0]["class"], "denied");
  EXPECT_EQ(events[0]["event"], 27);
  const std::string streamed = stream.read_until("\"event\":27", std::chrono::seconds(10));
  ASSERT_NE(streamed, "") << "the event stream missed the panel's events";
  EXPECT_NE(streamed.find("event: access.granted\n"), std::string::npos);
  EXPECT_LT(streamed.find("\"event\":0"), streamed.find("\"event\":23"));
  EXPECT_EQ(door(1)["unlocked"], true);  // the pass unlocked it
}

TEST_F(AccessPanelTest, ARemoteOpenComesBackAsThePanelsEventAndDoorState) {
  ASSERT_TRUE(panel_.boot());
  panel_.upload();
  EXPECT_EQ(door(2)["unlocked"], false);
  auto command = server_.api_send("POST", "/api/v1/devices/PANEL01/doors/2/open", {{"seconds", 30}}, 201);
  // Accepted is not yet open: nothing has followed before the panel polls.
  auto before = server_.api_get("/api/v1/commands/" + command["id"].get<std::string>());
  EXPECT_TRUE(before["door_outcome"].is_null());  // not even sent
  ASSERT_EQ(panel_.poll(), 1);  // executes, replies, and uploads what followed
  auto done = server_.api_get("/api/v1/commands/" + command["id"].get<std::string>());
  EXPECT_EQ(done["status"], "done");
  EXPECT_EQ(done["door_outcome"]["confirmed"], true);
  ASSERT_EQ(done["door_outcome"]["events"].size(), 1u);
  EXPECT_EQ(done["door_outcome"]["events"][0]["name"], "remote open");
  EXPECT_EQ(done["door_outcome"]["state"][1]["unlocked"], true);
  EXPECT_EQ(door(2)["unlocked"], true);
  EXPECT_EQ(door(1)["unlocked"], false);
  auto events = server_.api_get("/api/v1/access-events?sn=PANEL01&class=door")["items"];
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["event"], 8);
  EXPECT_EQ(events[0]["name"], "remote open");
  EXPECT_EQ(events[0]["door"], 2);

  server_.api_send("POST", "/api/v1/devices/PANEL01/doors/2/close", json::object(), 201);
  ASSERT_EQ(panel_.poll(), 1);
  EXPECT_EQ(door(2)["unlocked"], false);
  EXPECT_EQ(server_.api_get("/api/v1/access-events?sn=PANEL01&event=9")["items"].size(), 1u);
}

TEST_F(AccessPanelTest, EachDialectTakesItsOwnTypedCommands) {
  ASSERT_TRUE(panel_.boot());
  server_.get("/iclock/cdata?SN=ATT01&options=all&pushver=2.4.1");
  EXPECT_EQ(server_.api_as(server_.admin_token(), "POST", "/api/v1/devices/PANEL01/commands/update-userinfo",
                           "{\"pin\": \"7\"}").status,
            409);
  EXPECT_EQ(server_.api_as(server_.admin_token(), "POST", "/api/v1/devices/ATT01/commands/panel-count",
                           "{\"table\": \"user\"}").status,
            409);
  server_.api_send("POST", "/api/v1/devices/PANEL01/commands", {{"command", "DATA UPDATE user Pin=7\tName=Ana"}}, 201);
  auto count = server_.api_send("POST", "/api/v1/devices/PANEL01/commands/panel-count", {{"table", "user"}}, 201);
  ASSERT_EQ(panel_.poll(), 2);
  auto done = server_.api_get("/api/v1/commands/" + count["id"].get<std::string>());
  EXPECT_EQ(done["status"], "done");
  EXPECT_EQ(done["return_code"], 1);  // the panel counted its one user
  EXPECT_TRUE(done["door_outcome"].is_null());
}

TEST_F(AccessPanelTest, APanelWhoseSessionIsGoneRegistersAgain) {
  ASSERT_TRUE(panel_.boot());
  const std::string token = panel_->token();
  // The panel's request with a token the server never gave: 401, and the panel forgets its session.
  server_.api_send("POST", "/api/v1/devices/PANEL01/doors/1/open", json::object(), 201);
  EXPECT_EQ(panel_.poll(), 1);
  ASSERT_TRUE(panel_.boot());
  EXPECT_EQ(panel_->token(), token);  // the same code and session: the same token
}

}  // namespace
}  // namespace zkpush::test
