// `zkpush migrate --from DIR --to URI` on the real binary: an installation
// on SQLite, fed through the device protocol and the API, is copied into
// PostgreSQL, and a server on that database answers the API as the SQLite
// one did; the old tokens still work, and new rows continue after the
// copied ids. A database that already holds data is refused.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "canteen_fixture.h"
#include "harness.h"
#include "support/postgres_server.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

constexpr const char* kTerminal = "MIG1";
constexpr const char* kCanteenTerminal = "MIGC1";
constexpr const char* kCardNo = "30001";

std::string migrate_cdata(const std::string& table, int stamp) {
  return std::string("/iclock/cdata?SN=") + kTerminal + "&table=" + table + "&Stamp=" + std::to_string(stamp);
}

// A terminal's uploads (attendance, users, a photo), a queued command, a
// person, a webhook, and a canteen card with a top-up, a purchase and a
// subsidy waiting on the terminal.
void feed(const Server& server) {
  ASSERT_EQ(server.get(std::string("/iclock/cdata?SN=") + kTerminal + "&options=all&pushver=2.4.1").status, 200);
  ASSERT_EQ(server
                .post(migrate_cdata("ATTLOG", 1),
                      "1\t2026-12-01 08:00:00\t0\t1\t0\t0\n"
                      "2\t2026-12-01 08:01:00\t0\t15\t0\t0\n"
                      "1\t2026-12-01 17:00:00\t1\t1\t0\t0\n")
                .body,
            "OK: 3");
  ASSERT_EQ(
      server.post(migrate_cdata("OPERLOG", 2), "USER PIN=7\tName=Ann\tPri=0\nUSER PIN=8\tName=Bo\tPri=14\n").status,
      200);
  const std::string jpeg(
      "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x00"
      "binary\x00"
      "data\xFF\xD9",
      26);
  ASSERT_EQ(server
                .post(migrate_cdata("ATTPHOTO", 3),
                      "PIN=20261201080000-1.jpg\nSN=MIG1\nsize=26\nCMD=uploadphoto" + std::string(1, '\0') + jpeg)
                .body,
            "OK");
  server.api_send("POST", std::string("/api/v1/devices/") + kTerminal + "/commands", {{"command", "INFO"}}, 201);
  server.api_send("POST", "/api/v1/persons", {{"pin", "42"}, {"name", "Eve"}}, 201);
  server.api_send("POST", "/api/v1/webhooks",
                  {{"url", "http://127.0.0.1:9/hook"}, {"kinds", {"reconciliation.mismatch"}}}, 201);

  add_card(server, kCardNo);
  Canteen canteen(server.device_port(), kCanteenTerminal, std::make_shared<sim::CardPurses>());
  ASSERT_TRUE(canteen.boot());
  canteen.poll_until_commands();
  ASSERT_TRUE(canteen->recharge(kCardNo, 5000));
  ASSERT_TRUE(canteen->purchase(kCardNo, {}, 120, 1));
  ASSERT_TRUE(canteen.upload());
  server.api_send("POST", "/api/v1/canteen/credits", {{"kind", "subsidy"}, {"amount", 700}, {"cards", {kCardNo}}}, 201);
}

// What the API answers about everything feed() stored.
std::map<std::string, json> answers(const Server& server) {
  const std::string device = std::string("/api/v1/devices/") + kTerminal;
  const std::string card = std::string("/api/v1/canteen/cards/") + kCardNo;
  std::map<std::string, json> by_path;
  for (const std::string& path :
       {std::string("/api/v1/devices"), device, device + "/attendance", device + "/users", device + "/photos",
        device + "/commands", std::string("/api/v1/devices/") + kCanteenTerminal + "/commands",
        std::string("/api/v1/attendance"), std::string("/api/v1/persons"), std::string("/api/v1/webhooks"),
        std::string("/api/v1/canteen/cards"), card, card + "/ledger", card + "/credits",
        std::string("/api/v1/canteen/purchases"), std::string("/api/v1/canteen/terminals")}) {
    by_path[path] = server.api_get(path);
  }
  const json photos = by_path[device + "/photos"]["items"];
  if (!photos.empty()) by_path["photo bytes"] = server.api_raw("GET", photos[0]["url"].get<std::string>()).body;
  return by_path;
}

std::string migrate(const std::string& data_dir, const std::string& database, int* status) {
  return run_zkpush({"migrate", "--from", data_dir, "--to", database}, status);
}

TEST(MigrateToPostgres, AServerOnTheCopyAnswersAsTheSqliteServerDid) {
  TempDir dir;
  std::map<std::string, json> before;
  std::string old_admin_token;
  json old_tokens;
  {
    Server sqlite(dir.file("data"));
    feed(sqlite);
    before = answers(sqlite);
    old_admin_token = sqlite.admin_token();
    old_tokens = sqlite.api_get("/api/v1/tokens")["items"];
    ASSERT_EQ(sqlite.stop(), 0);
  }
  // What feed() stored is there to compare.
  ASSERT_EQ(before["/api/v1/devices/MIG1/attendance"]["items"].size(), 3u);
  ASSERT_EQ(before["/api/v1/devices/MIG1/users"]["items"].size(), 2u);
  ASSERT_EQ(before["/api/v1/devices/MIG1/photos"]["items"].size(), 1u);
  ASSERT_EQ(before["/api/v1/devices/MIG1/commands"]["items"].size(), 1u);
  ASSERT_EQ(before["/api/v1/persons"]["items"].size(), 3u);  // the terminal's two users and one through the API
  ASSERT_EQ(before["/api/v1/webhooks"]["items"].size(), 1u);
  ASSERT_EQ(before["/api/v1/canteen/cards/30001"]["balance"]["main"], 5000 - 120);
  ASSERT_EQ(before["/api/v1/canteen/cards/30001"]["pending_credit"], 700);

  const std::string database = PostgresServer::shared().create_database();
  int status = -1;
  const std::string summary = migrate(dir.file("data"), database, &status);
  ASSERT_EQ(status, 0) << summary;
  EXPECT_NE(summary.find("attendance"), std::string::npos) << summary;
  EXPECT_NE(summary.find("canteen_ledger"), std::string::npos) << summary;
  EXPECT_NE(summary.find("verified"), std::string::npos) << summary;

  Server postgres(dir.file("node"), {"--database", database});
  const std::map<std::string, json> after = answers(postgres);
  for (const auto& [path, answer] : before) EXPECT_EQ(after.at(path), answer) << path;

  // The copied tokens, then the one the new server was started with: the
  // identity sequence continues after the copied ids.
  const json tokens = postgres.api_get("/api/v1/tokens")["items"];
  ASSERT_EQ(tokens.size(), old_tokens.size() + 1);
  for (std::size_t i = 0; i < old_tokens.size(); ++i) EXPECT_EQ(tokens[i], old_tokens[i]);
  EXPECT_EQ(tokens.back()["id"], old_tokens.back()["id"].get<int64_t>() + 1);
  EXPECT_EQ(postgres.api_as(old_admin_token, "GET", "/api/v1/devices").status, 200);

  // New rows take new ids.
  ASSERT_EQ(postgres.post(migrate_cdata("ATTLOG", 4), "9\t2026-12-02 08:00:00\t0\t1\t0\t0\n").body, "OK: 1");
  const json attendance = postgres.api_get("/api/v1/devices/MIG1/attendance")["items"];
  ASSERT_EQ(attendance.size(), 4u);
  EXPECT_GT(attendance[3]["id"].get<int64_t>(), attendance[2]["id"].get<int64_t>());
  const json command = postgres.api_send("POST", "/api/v1/devices/MIG1/commands", {{"command", "INFO"}}, 201);
  EXPECT_GT(std::stoll(command["id"].get<std::string>()),
            std::stoll(before["/api/v1/devices/MIG1/commands"]["items"][0]["id"].get<std::string>()));
}

TEST(MigrateToPostgres, ADatabaseThatAlreadyHoldsDataIsRefusedAndLeftAsItWas) {
  TempDir dir;
  {
    Server sqlite(dir.file("data"));
    ASSERT_EQ(sqlite.post(migrate_cdata("ATTLOG", 1), "1\t2026-12-01 08:00:00\t0\t1\t0\t0\n").body, "OK: 1");
    ASSERT_EQ(sqlite.stop(), 0);
  }
  const std::string database = PostgresServer::shared().create_database();
  Server postgres(dir.file("node"), {"--database", database});
  ASSERT_EQ(postgres.post(migrate_cdata("ATTLOG", 1), "5\t2026-12-03 09:00:00\t0\t1\t0\t0\n").body, "OK: 1");

  int status = 0;
  migrate(dir.file("data"), database, &status);
  EXPECT_NE(status, 0);
  const json attendance = postgres.api_get("/api/v1/devices/MIG1/attendance")["items"];
  ASSERT_EQ(attendance.size(), 1u);
  EXPECT_EQ(attendance[0]["pin"], "5");
}

TEST(MigrateToPostgres, ASecondCopyIntoTheSameDatabaseIsRefused) {
  TempDir dir;
  {
    Server sqlite(dir.file("data"));
    ASSERT_EQ(sqlite.post(migrate_cdata("ATTLOG", 1), "1\t2026-12-01 08:00:00\t0\t1\t0\t0\n").body, "OK: 1");
    ASSERT_EQ(sqlite.stop(), 0);
  }
  const std::string database = PostgresServer::shared().create_database();
  int status = -1;
  migrate(dir.file("data"), database, &status);
  ASSERT_EQ(status, 0);
  migrate(dir.file("data"), database, &status);
  EXPECT_NE(status, 0);
}

}  // namespace
}  // namespace zkpush::test
