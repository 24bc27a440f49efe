// Persons managed through the API reach terminals (issue 4, "Done when"): a
// person created over the API arrives on every terminal of its group in the
// format each accepts — FINGERTMP on a ZKFinger 10 terminal (2.2.14
// firmware, which reports FPVersion=10), BIODATA on a terminal whose
// MultiBioDataSupport says so — and a template no terminal can use is left
// out; deleting the person removes it from both. An enrolment at one terminal
// of a group reaches the group's other terminal.
#include <gtest/gtest.h>

#include <algorithm>

#include "harness.h"
#include "protocol/upload.h"
#include "sim_fixture.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

using protocol::TemplateKind;

// A base64 template for the API (any bytes: the terminal stores them as sent).
std::string fake_template(char fill, std::size_t size) { return protocol::encode_base64(std::string(size, fill)); }

int count_templates(const sim::TerminalDb& db, const std::string& pin, TemplateKind kind, int bio_type = -1) {
  return static_cast<int>(std::count_if(db.templates.begin(), db.templates.end(), [&](const auto& t) {
    return t.pin == pin && t.kind == kind && (bio_type < 0 || t.bio_type == bio_type);
  }));
}

// The two terminals of the tests, booted, polling every second, in one group.
struct TwoTerminals {
  explicit TwoTerminals(const Server& server) {
    fast_polling(server, "FP10", "2.2.14");
    fast_polling(server, "BIO1", "2.4.1");
    group = server.api_send("POST", "/api/v1/device-groups", {{"name", "hall"}}, 201)["id"];
    for (const char* sn : {"FP10", "BIO1"})
      server.api_send("PATCH", std::string("/api/v1/devices/") + sn, {{"group_id", group}}, 200);
  }
  int64_t group = 0;
};

sim::TerminalConfig terminal(const std::string& sn, const char* profile) {
  sim::TerminalConfig c = config_for(sn, profile);
  c.users = 0;
  return c;
}

// FP10 and BIO1, in this order, on one thread.
std::vector<sim::TerminalConfig> two_terminals() { return {terminal("FP10", "2.2.14"), terminal("BIO1", "2.4.1")}; }

// Both terminals reported the templates they take (their options post).
bool capabilities_reported(const Server& server) {
  return server.api_get("/api/v1/devices/FP10")["info"].contains("~ZKFPVersion") &&
         server.api_get("/api/v1/devices/BIO1")["info"].contains("MultiBioVersion");
}

// Every command queued for `sn` has been answered, and there is one.
bool commands_done(const Server& server, const std::string& sn) {
  const auto commands = server.api_get("/api/v1/devices/" + sn + "/commands?limit=100")["items"];
  return !commands.empty() && std::all_of(commands.begin(), commands.end(),
                                          [](const auto& c) { return c["status"] == "done"; });
}

TEST(PersonSync, APersonReachesEveryTerminalOfItsGroupInTheFormatEachAccepts) {
  TempDir dir;
  Server server(dir.path());
  TwoTerminals setup(server);
  RunningFleet fleet(server.device_port(), two_terminals());
  ASSERT_TRUE(eventually([&] { return capabilities_reported(server); }));

  server.api_send("POST", "/api/v1/persons",
                  {{"pin", "501"}, {"name", "Ana Lima"}, {"card", "9001"}, {"privilege", 0}, {"groups", {setup.group}}},
                  201);
  server.api_send("PUT", "/api/v1/persons/501/biometrics/fingerprint/6",
                  {{"data", fake_template('f', 900)}, {"algorithm", "10"}}, 200);
  server.api_send("PUT", "/api/v1/persons/501/biometrics/biodata/0?type=9",
                  {{"data", fake_template('v', 1200)}, {"algorithm", "40"}}, 200);
  // A palm template in a version neither terminal reported: sent to none.
  server.api_send("PUT", "/api/v1/persons/501/biometrics/biodata/0?type=8",
                  {{"data", fake_template('p', 600)}, {"algorithm", "3"}}, 200);
  auto person = server.api_get("/api/v1/persons/501");
  EXPECT_EQ(person["name"], "Ana Lima");
  EXPECT_EQ(person["biometrics"].size(), 3u);

  ASSERT_TRUE(eventually([&] { return commands_done(server, "FP10") && commands_done(server, "BIO1"); }));
  server.api_send("DELETE", "/api/v1/persons/501", nlohmann::json::object(), 200);
  // The deletion arrives too: the person is gone from both; what each got
  // before is in its command log.
  auto deleted_on = [&](const std::string& sn) {
    const auto commands = server.api_get("/api/v1/devices/" + sn + "/commands?limit=100")["items"];
    return commands_done(server, sn) && commands.back()["command"] == "DATA DELETE USERINFO PIN=501";
  };
  EXPECT_TRUE(eventually([&] { return deleted_on("FP10") && deleted_on("BIO1"); }));
  auto& terminals = fleet.stop();
  EXPECT_EQ(terminals[0]->db().users.count("501"), 0u);
  EXPECT_EQ(terminals[1]->db().users.count("501"), 0u);
  auto commands_of = [&](const std::string& sn) {
    std::vector<std::string> texts;
    const auto commands = server.api_get("/api/v1/devices/" + sn + "/commands?limit=100");
    for (const auto& c : commands["items"]) {
      EXPECT_EQ(c["status"], "done") << c.dump();
      texts.push_back(c["command"]);
    }
    return texts;
  };
  auto starts = [](const std::vector<std::string>& texts, const std::string& prefix) {
    return std::count_if(texts.begin(), texts.end(), [&](const auto& t) { return t.rfind(prefix, 0) == 0; });
  };
  const auto fp_commands = commands_of("FP10");
  const auto bio_commands = commands_of("BIO1");
  EXPECT_GE(starts(fp_commands, "DATA UPDATE USERINFO PIN=501\tName=Ana Lima\tPri=0\tPasswd=\tCard=9001"), 1)
      << ::testing::PrintToString(fp_commands);
  EXPECT_GE(starts(fp_commands, "DATA UPDATE FINGERTMP PIN=501\tFID=6\tSize=1200\tValid=1\tTMP="), 1);
  EXPECT_EQ(starts(fp_commands, "DATA UPDATE BIODATA"), 0);  // no MultiBioDataSupport, no FaceVersion 40
  EXPECT_GE(starts(bio_commands, "DATA UPDATE BIODATA Pin=501\tNo=6\tIndex=0\tValid=1\tDuress=0\tType=1\tMajorVer=10"), 1);
  EXPECT_GE(starts(bio_commands, "DATA UPDATE BIODATA Pin=501\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=40"), 1);
  EXPECT_EQ(starts(bio_commands, "DATA UPDATE FINGERTMP"), 0);
  for (const auto* commands : {&fp_commands, &bio_commands}) {
    ASSERT_FALSE(commands->empty());
    EXPECT_EQ(starts(*commands, "DATA UPDATE BIODATA Pin=501\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=8"), 0);
    EXPECT_EQ(commands->back(), "DATA DELETE USERINFO PIN=501");
  }
}

TEST(PersonSync, APersonArrivesWithTemplatesInTheTerminalsDatabase) {
  TempDir dir;
  Server server(dir.path());
  TwoTerminals setup(server);
  server.api_send("POST", "/api/v1/persons", {{"pin", "77"}, {"name", "Bo"}, {"groups", {setup.group}}}, 201);
  server.api_send("PUT", "/api/v1/persons/77/biometrics/fingerprint/1",
                  {{"data", fake_template('x', 300)}, {"algorithm", "10.0"}}, 200);
  RunningFleet fleet(server.device_port(), two_terminals());
  EXPECT_TRUE(fleet.stop_when([](RunningFleet::Terminals& terminals, sim::Stats&) {
    return count_templates(terminals[0]->db(), "77", TemplateKind::kFingerprint) > 0 &&
           count_templates(terminals[1]->db(), "77", TemplateKind::kBiodata) > 0;
  }));
  const auto& fp_db = fleet.stop()[0]->db();
  const auto& bio_db = fleet.stop()[1]->db();
  ASSERT_EQ(fp_db.users.count("77"), 1u);
  EXPECT_EQ(fp_db.users.at("77").name, "Bo");
  EXPECT_EQ(count_templates(fp_db, "77", TemplateKind::kFingerprint), 1);
  ASSERT_EQ(bio_db.users.count("77"), 1u);
  EXPECT_EQ(count_templates(bio_db, "77", TemplateKind::kBiodata, 1), 1);
  EXPECT_EQ(count_templates(bio_db, "77", TemplateKind::kFingerprint), 0);
}

TEST(PersonSync, ARemovedTemplateLeavesEveryTerminal) {
  TempDir dir;
  Server server(dir.path());
  TwoTerminals setup(server);
  server.api_send("POST", "/api/v1/persons", {{"pin", "88"}, {"name", "Cy"}, {"groups", {setup.group}}}, 201);
  server.api_send("PUT", "/api/v1/persons/88/biometrics/fingerprint/2",
                  {{"data", fake_template('y', 300)}, {"algorithm", "10"}}, 200);
  RunningFleet fleet(server.device_port(), two_terminals());
  ASSERT_TRUE(fleet.wait_until([](RunningFleet::Terminals& terminals, sim::Stats&) {
    return count_templates(terminals[0]->db(), "88", TemplateKind::kFingerprint) > 0 &&
           count_templates(terminals[1]->db(), "88", TemplateKind::kBiodata) > 0;
  }));
  server.api_send("DELETE", "/api/v1/persons/88/biometrics/fingerprint/2", nlohmann::json::object(), 200);
  EXPECT_TRUE(fleet.stop_when([](RunningFleet::Terminals& terminals, sim::Stats&) {
    return count_templates(terminals[0]->db(), "88", TemplateKind::kFingerprint) == 0 &&
           count_templates(terminals[1]->db(), "88", TemplateKind::kBiodata) == 0;
  }));
  const auto& fp_db = fleet.stop()[0]->db();
  const auto& bio_db = fleet.stop()[1]->db();
  ASSERT_EQ(fp_db.users.count("88"), 1u);  // the person stays
  ASSERT_EQ(bio_db.users.count("88"), 1u);
  EXPECT_EQ(count_templates(fp_db, "88", TemplateKind::kFingerprint), 0);
  EXPECT_EQ(count_templates(bio_db, "88", TemplateKind::kBiodata), 0);
  const auto commands = server.api_get("/api/v1/devices/FP10/commands?limit=100")["items"];
  bool deleted = false;
  for (const auto& c : commands) deleted = deleted || c["command"] == "DATA DELETE FINGERTMP PIN=88\tFID=2";
  EXPECT_TRUE(deleted);
}

TEST(PersonSync, AnEnrolmentAtOneTerminalReachesTheOtherTerminalsOfItsGroup) {
  TempDir dir;
  Server server(dir.path());
  TwoTerminals setup(server);
  sim::TerminalConfig enrolling = terminal("FP10", "2.2.14");
  enrolling.enrolments_per_hour = 3600 * 2;  // an enrolment every half second
  RunningFleet fleet(server.device_port(), {enrolling, terminal("BIO1", "2.4.1")});
  // Until someone enrolled at FP10 is on BIO1 with a template.
  EXPECT_TRUE(fleet.stop_when([](RunningFleet::Terminals& terminals, sim::Stats&) {
    for (const auto& [pin, user] : terminals[0]->db().users)
      if (count_templates(terminals[1]->db(), pin, TemplateKind::kBiodata, 1) > 0) return true;
    return false;
  }));
  const auto& fp_db = fleet.stop()[0]->db();
  const auto& bio_db = fleet.stop()[1]->db();
  ASSERT_FALSE(fp_db.users.empty());
  int propagated = 0;
  for (const auto& [pin, user] : fp_db.users) {
    if (bio_db.users.count(pin) == 0) continue;  // enrolled last: not yet uploaded or polled for
    auto person = server.api_get("/api/v1/persons/" + pin);
    EXPECT_EQ(person["updated_by"], "device:FP10");
    ++propagated;
    EXPECT_EQ(bio_db.users.at(pin).name, user.name);
    // Its ZKFinger 10 fingerprint travelled as BIODATA type 1 version 10.
    EXPECT_EQ(count_templates(bio_db, pin, TemplateKind::kBiodata, 1), count_templates(fp_db, pin, TemplateKind::kFingerprint));
  }
  EXPECT_GE(propagated, 1);
}

}  // namespace
}  // namespace zkpush::test
