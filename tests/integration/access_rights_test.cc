// Access rights managed on the server and synced to panels
// (service/access/access_sync.h), against the real binary and emulated
// panels: 500 people with levels, cards and templates reach the panels whose
// doors their levels hold, each panel's own tables then match the server's,
// and a change sends only what differs; a blocked person leaves every panel.
#include <gtest/gtest.h>

#include <set>

#include "access_fixture.h"
#include "protocol/text.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

// A day's intervals as the API takes them: [["08:00", "18:00"], ...] (a
// braced list of pairs would be read as an object).
json intervals(std::initializer_list<std::pair<const char*, const char*>> list) {
  json out = json::array();
  for (const auto& [from, to] : list) out.push_back(json::array({from, to}));
  return out;
}

class AccessRights : public ::testing::Test {
 protected:
  AccessRights()
      : server_(dir_.path()), front_(server_.device_port(), "FRONT01", 2), back_(server_.device_port(), "BACK01", 4) {}

  // The people a panel holds, and the doors their rows give them (bits, ORed).
  static std::map<std::string, int> doors_held(Panel& panel) {
    std::map<std::string, int> out;
    const auto& tables = panel->db().tables;
    auto users = tables.find("user");
    auto rights = tables.find("userauthorize");
    if (users == tables.end() || rights == tables.end()) return out;
    for (const auto& [key, row] : rights->second) {
      std::string pin, doors;
      for (const auto& [k, v] : row) {
        if (k == "Pin") pin = v;
        if (k == "AuthorizeDoorId") doors = v;
      }
      if (users->second.count(pin)) out[pin] |= static_cast<int>(protocol::parse_int(doors).value_or(0));
    }
    return out;
  }
  static std::size_t rows(Panel& panel, const std::string& table) {
    auto it = panel->db().tables.find(table);
    return it == panel->db().tables.end() ? 0 : it->second.size();
  }

  TempDir dir_;
  Server server_;
  Panel front_, back_;
};

TEST_F(AccessRights, FiveHundredPeopleReachThePanelsTheirLevelsHoldAndABlockedOneLeavesThemAll) {
  ASSERT_TRUE(front_.boot());
  ASSERT_TRUE(back_.boot());
  const int64_t office = server_.api_send("POST", "/api/v1/time-zones",
                                          {{"name", "Office"},
                                           {"schedule", {{"mon", intervals({{"08:00", "18:00"}})},
                                                         {"tue", intervals({{"08:00", "12:00"}, {"13:00", "18:00"}})}}}},
                                          201)["id"];
  const int64_t always = server_.api_send("POST", "/api/v1/time-zones",
                                          {{"name", "Always"}, {"schedule", {{"sun", intervals({{"00:00", "24:00"}})}}}}, 201)["id"];
  server_.api_send("POST", "/api/v1/holidays", {{"date", "2026-12-25"}, {"type", 1}, {"yearly", true}}, 201);
  const int64_t staff = server_.api_send("POST", "/api/v1/access-levels",
                                         {{"name", "Staff"}, {"time_zone_id", office},
                                          {"doors", {{{"sn", "FRONT01"}, {"door", 1}}, {{"sn", "BACK01"}, {"door", 3}}}}},
                                         201)["id"];
  const int64_t guards = server_.api_send("POST", "/api/v1/access-levels",
                                          {{"name", "Guards"}, {"time_zone_id", always},
                                           {"doors", {{{"sn", "FRONT01"}, {"door", 2}}}}},
                                          201)["id"];
  constexpr int kPeople = 500;
  for (int i = 1; i <= kPeople; ++i) {
    const std::string pin = std::to_string(1000 + i);
    server_.api_send("POST", "/api/v1/persons", {{"pin", pin}, {"name", "P" + pin}, {"card", std::to_string(5000 + i)}},
                     201);
    if (i % 5 == 0)
      server_.api_send("PUT", "/api/v1/persons/" + pin + "/biometrics/fingerprint/6",
                       {{"data", "AAECAwQF"}, {"algorithm", "10"}}, 200);
    json levels = i % 10 == 0 ? json{staff, guards} : json{staff};
    server_.api_send("PUT", "/api/v1/persons/" + pin + "/access", {{"levels", levels}}, 200);
  }

  // Front: everyone on door 1 (bit 1), the guards on door 2 as well (bit 2),
  // in two time zones; back: everyone on door 3 (bit 4).
  ASSERT_TRUE(front_.poll_until([&] { return doors_held(front_).size() == kPeople; }));
  ASSERT_TRUE(back_.poll_until([&] { return doors_held(back_).size() == kPeople; }));
  const auto front = doors_held(front_);
  EXPECT_EQ(front.at("1001"), 1);
  EXPECT_EQ(front.at("1010"), 3);  // a guard: door 1 in Office hours, door 2 always
  EXPECT_EQ(rows(front_, "userauthorize"), kPeople + kPeople / 10u);
  EXPECT_EQ(rows(front_, "timezone"), 2u);
  EXPECT_EQ(rows(back_, "timezone"), 1u);
  EXPECT_EQ(rows(front_, "holiday"), 1u);
  EXPECT_EQ(doors_held(back_).at("1010"), 4);
  EXPECT_EQ(rows(front_, "templatev10"), kPeople / 5u);
  const auto& user = front_->db().tables.at("user").at("1007");
  EXPECT_EQ(user, (protocol::Fields{{"CardNo", "5007"}, {"Pin", "1007"}, {"Password", ""}, {"Group", "0"},
                                    {"StartTime", "0"}, {"EndTime", "0"}, {"Name", "P1007"}, {"Privilege", "0"}}));
  const auto& zone = front_->db().tables.at("timezone").at(std::to_string(office));
  EXPECT_EQ(zone[4], (std::pair<std::string, std::string>{"MonTime1", std::to_string((800 << 16) + 1800)}));
  EXPECT_EQ(zone[7], (std::pair<std::string, std::string>{"TueTime1", std::to_string((800 << 16) + 1200)}));
  EXPECT_EQ(zone[8], (std::pair<std::string, std::string>{"TueTime2", std::to_string((1300 << 16) + 1800)}));

  // Nothing more to send: a poll finds the queue empty.
  EXPECT_EQ(front_.poll(), 0);

  // Blocked: gone from both panels, with its rights and templates first.
  server_.api_send("PUT", "/api/v1/persons/1010/access", {{"blocked", true}}, 200);
  ASSERT_TRUE(front_.poll_until([&] { return !doors_held(front_).count("1010"); }));
  ASSERT_TRUE(back_.poll_until([&] { return !doors_held(back_).count("1010"); }));
  EXPECT_EQ(rows(front_, "user"), kPeople - 1u);
  EXPECT_EQ(rows(front_, "userauthorize"), kPeople - 1u + kPeople / 10u - 1u);
  EXPECT_EQ(rows(front_, "templatev10"), kPeople / 5u - 1u);
  EXPECT_EQ(server_.api_get("/api/v1/persons/1010/access")["blocked"], true);

  // A level loses a door: only that door's bit changes, for its holders only.
  server_.api_send("PUT", "/api/v1/access-levels/" + std::to_string(staff),
                   {{"name", "Staff"}, {"time_zone_id", office}, {"doors", {{{"sn", "FRONT01"}, {"door", 1}}}}}, 200);
  ASSERT_TRUE(back_.poll_until([&] { return rows(back_, "user") == 0; }));
  EXPECT_EQ(rows(back_, "timezone"), 0u);
  EXPECT_EQ(doors_held(front_).size(), kPeople - 1u);
}

TEST_F(AccessRights, BackgroundVerificationAnswersFromTheRightsNow) {  // CN24 §13
  ASSERT_TRUE(front_.boot());
  const int64_t always = server_.api_send(
      "POST", "/api/v1/time-zones",
      {{"name", "Always"},
       {"schedule", {{"sun", intervals({{"00:00", "24:00"}})}, {"mon", intervals({{"00:00", "24:00"}})},
                     {"tue", intervals({{"00:00", "24:00"}})}, {"wed", intervals({{"00:00", "24:00"}})},
                     {"thu", intervals({{"00:00", "24:00"}})}, {"fri", intervals({{"00:00", "24:00"}})},
                     {"sat", intervals({{"00:00", "24:00"}})}}}},
      201)["id"];
  const int64_t level = server_.api_send("POST", "/api/v1/access-levels",
                                         {{"name", "Door 2"}, {"time_zone_id", always},
                                          {"doors", {{{"sn", "FRONT01"}, {"door", 2}}}}},
                                         201)["id"];
  server_.api_send("POST", "/api/v1/persons", {{"pin", "7"}, {"name", "Ana"}}, 201);
  server_.api_send("PUT", "/api/v1/persons/7/access", {{"levels", {level}}}, 200);
  auto ask = [&](const std::string& pin, int door) {
    const std::string record = "time=2026-12-07 09:00:00\tpin=" + pin + "\tcardno=0\taddrtype=3\teventaddr=" +
                               std::to_string(door) + "\tevent=223\tinoutstatus=0\tverifytype=4";
    return server_.post("/iclock/cdata?SN=FRONT01&AuthType=device", record, "Cookie: token=" + front_->token() + "\r\n");
  };
  auto pass = ask("7", 2);
  EXPECT_EQ(pass.status, 200);
  EXPECT_EQ(pass.body.substr(0, 14), "AUTH=SUCCEED\r\n");
  EXPECT_NE(pass.body.find("\r\nCONTROL DEVICE 01020105\r\n"), std::string::npos) << pass.body;
  EXPECT_EQ(ask("7", 1).body.substr(0, 13), "AUTH=FAILED\r\n");
  EXPECT_EQ(ask("8", 2).body.substr(0, 13), "AUTH=FAILED\r\n");
  server_.api_send("PUT", "/api/v1/persons/7/access", {{"blocked", true}}, 200);
  EXPECT_EQ(ask("7", 2).body.substr(0, 13), "AUTH=FAILED\r\n");
  // Without the session's token nothing is answered.
  EXPECT_EQ(server_.post("/iclock/cdata?SN=FRONT01&AuthType=device", "pin=7\teventaddr=2").status, 401);
}

TEST_F(AccessRights, BadRightsAreRefusedWithTheFieldThatIsWrong) {
  ASSERT_TRUE(front_.boot());
  auto bad = [&](const std::string& path, const json& body, const std::string& message) {
    auto reply = server_.api_as(server_.admin_token(), "POST", path, body.dump());
    EXPECT_EQ(reply.status, 400) << path;
    EXPECT_NE(reply.body.find(message), std::string::npos) << reply.body;
  };
  bad("/api/v1/time-zones", {{"name", "X"}, {"schedule", {{"mon", intervals({{"18:00", "08:00"}})}}}}, "schedule.mon");
  bad("/api/v1/time-zones", {{"name", "X"}, {"schedule", {{"someday", json::array()}}}}, "unknown day someday");
  bad("/api/v1/holidays", {{"date", "25.12.2026"}}, "date: YYYY-MM-DD");
  const int64_t zone = server_.api_send("POST", "/api/v1/time-zones", {{"name", "Z"}, {"schedule", json::object()}}, 201)["id"];
  bad("/api/v1/access-levels", {{"name", "L"}, {"time_zone_id", zone}, {"doors", {{{"sn", "NOPE"}, {"door", 1}}}}},
      "no device with SN NOPE");
  server_.get("/iclock/cdata?SN=ATT01&options=all&pushver=2.4.1");
  bad("/api/v1/access-levels", {{"name", "L"}, {"time_zone_id", zone}, {"doors", {{{"sn", "ATT01"}, {"door", 1}}}}},
      "is no access panel");
  server_.api_send("POST", "/api/v1/access-levels", {{"name", "L"}, {"time_zone_id", zone}}, 201);
  // A time zone a level uses stays.
  EXPECT_EQ(server_.api_as(server_.admin_token(), "DELETE", "/api/v1/time-zones/" + std::to_string(zone)).status, 409);
  EXPECT_EQ(server_.api_as(server_.admin_token(), "PUT", "/api/v1/persons/nobody/access", "{\"levels\":[]}").status, 404);
}

}  // namespace
}  // namespace zkpush::test
