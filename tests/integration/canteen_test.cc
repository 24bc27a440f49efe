// Canteen terminals (spec 001) against the real server: emulated terminals
// (sim/canteen_terminal.h) driven step by step, and raw requests where the
// protocol fixes the bytes.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "canteen_fixture.h"
#include "harness.h"
#include "support/eventually.h"
#include "sim/canteen_terminal.h"
#include "sim/fleet.h"
#include "sim/profile.h"
#include "util/clock.h"

namespace zkpush::test {
namespace {

using nlohmann::json;
using protocol::canteen::Family;

json card(const Server& server, const std::string& no) { return server.api_get("/api/v1/canteen/cards/" + no); }

std::string user_type(const sim::CanteenTerminal& t, const std::string& sys_id) {
  auto table = t.db().tables.find("USERINFO");
  if (table == t.db().tables.end() || !table->second.count(sys_id)) return "";
  for (const auto& [k, v] : table->second.at(sys_id))
    if (k == "UserType") return v;
  return "";
}

void add_master_data(const Server& server) {
  server.api_send("POST", "/api/v1/canteen/products", {{"StoreNo", 1}, {"Name", "Rice"}, {"Price", 250}}, 201);
  server.api_send("POST", "/api/v1/canteen/products", {{"StoreNo", 2}, {"Name", "Soup"}, {"Bc", "690"}, {"Price", 175}},
                  201);
  server.api_send("POST", "/api/v1/canteen/meals", {{"Mlid", 1}, {"Name", "Lunch"}, {"Start", "11:00"}, {"End", "14:00"}},
                  201);
  server.api_send("POST", "/api/v1/canteen/cardtypes", {{"SortID", 1}, {"Name", "Staff"}, {"Daymaxmoney", 5000}}, 201);
}

// Makes the terminal poll and resend every second (its next boot reads it).
void fast(const Server& server, const std::string& sn) {
  server.api_send("PUT", "/api/v1/devices/" + sn + "/settings", {{"Delay", "1"}, {"ErrorDelay", "1"}}, 200);
}

TEST(Canteen, BootsAndReceivesProductsMealsAndTheCardList) {
  TempDir dir;
  Server server(dir.path());
  add_master_data(server);
  add_card(server, "20001");
  add_card(server, "20002");
  server.api_send("PATCH", "/api/v1/canteen/cards/20002", {{"status", "blacklisted"}}, 200);

  Canteen t(server.device_port(), "CM1", std::make_shared<sim::CardPurses>());
  ASSERT_TRUE(t.boot());
  EXPECT_EQ(t->server_options().values.at("UseStampId"), "1");
  EXPECT_EQ(t->server_options().values.at("Encrypt"), "0");
  EXPECT_EQ(t->server_options().values.count("PushProtVer"), 0u);
  EXPECT_EQ(t.poll_until_commands(), 6);  // 2 products, 1 meal, 1 card type, 2 cards
  const auto& tables = t->db().tables;
  ASSERT_EQ(tables.at("STOREINFO").size(), 2u);
  EXPECT_EQ(tables.at("STOREINFO").at("2"), (protocol::Fields{{"StoreNo", "2"}, {"Name", "Soup"}, {"Bc", "690"},
                                                             {"Price", "175"}, {"agio", "0"}}));
  EXPECT_EQ(tables.at("MEALTYPE").at("1"),
            (protocol::Fields{{"Mlid", "1"}, {"Name", "Lunch"}, {"Start", "1100"}, {"End", "1400"}}));
  EXPECT_EQ(tables.at("CARDTYPE").size(), 1u);
  EXPECT_EQ(user_type(*t, "20001"), "0");
  EXPECT_EQ(user_type(*t, "20002"), "1");  // black-listed
  const nlohmann::json commands = server.api_get("/api/v1/devices/CM1/commands");
  for (const auto& c : commands["items"]) EXPECT_EQ(c["status"], "done") << c;

  // A later product reaches the terminal too; a second boot provisions nothing again.
  server.api_send("POST", "/api/v1/canteen/products", {{"StoreNo", 3}, {"Name", "Tea"}, {"Price", 80}}, 201);
  ASSERT_TRUE(t.boot());
  EXPECT_EQ(t.poll_until_commands(), 1);
  EXPECT_EQ(t->db().tables.at("STOREINFO").size(), 3u);
  server.api_raw("DELETE", "/api/v1/canteen/products/3");
  EXPECT_EQ(t.poll_until_commands(), 1);
  EXPECT_EQ(t->db().tables.at("STOREINFO").size(), 2u);
}

TEST(Canteen, PurchasesTopUpsAndSubsidiesAddUpToTheCent) {
  TempDir dir;
  Server server(dir.path());
  add_master_data(server);
  add_card(server, "20001");
  auto purses = std::make_shared<sim::CardPurses>();
  Canteen t(server.device_port(), "CM2", purses);
  ASSERT_TRUE(t.boot());
  t.poll_until_commands();

  ASSERT_TRUE(t->recharge("20001", 10000));                 // FULLLOG, OPID before RecNo as printed
  ASSERT_TRUE(t->purchase("20001", {"1", "2", "2"}, 0, 1));  // 250 + 175 + 175, with items
  ASSERT_TRUE(t->purchase("20001", {}, 333, 1));             // a plain amount
  ASSERT_TRUE(t->recharge("20001", 1000, 1));                // cash refund out of the card
  ASSERT_TRUE(t.upload());
  auto issued = server.api_send("POST", "/api/v1/canteen/credits",
                                {{"kind", "subsidy"}, {"amount", 2000}, {"cards", {"20001"}}}, 201);
  EXPECT_EQ(issued["terminals"], 1);  // IsConsumeFunType=3 hands out credits
  EXPECT_EQ(card(server, "20001")["pending_credit"], 2000);
  EXPECT_EQ(t.poll_until_commands(), 1);
  EXPECT_EQ(t->collect_credits("20001"), 1);
  EXPECT_EQ(t->collect_credits("20001"), 0);  // once
  ASSERT_TRUE(t.upload());

  const int64_t expected = 10000 - 600 - 333 - 1000 + 2000;
  EXPECT_EQ(purses->at("20001").balance, expected);  // what the card itself holds
  json c = card(server, "20001");
  EXPECT_EQ(c["balance"]["main"], expected);
  EXPECT_EQ(c["balance"]["sub"], 0);
  EXPECT_EQ(c["reported_balance"]["main"], expected);
  EXPECT_EQ(c["mismatches"], 0);
  EXPECT_EQ(c["pending_credit"], 0);

  // The ledger: one entry per record and wallet, adding up to the records.
  auto ledger = server.api_get("/api/v1/canteen/cards/20001/ledger")["items"];
  int64_t sum = 0;
  std::map<int64_t, std::string> kinds;  // by the card's transaction number
  for (const auto& e : ledger) {
    sum += e["amount"].get<int64_t>();
    if (e["wallet"] == "main") kinds[e["card_seq"].get<int64_t>()] = e["kind"];
    EXPECT_FALSE(e["mismatch"].get<bool>()) << e;
  }
  EXPECT_EQ(sum, expected);
  EXPECT_EQ(kinds, (std::map<int64_t, std::string>{
                       {1, "topup"}, {2, "purchase"}, {3, "purchase"}, {4, "refund"}, {5, "subsidy"}}));

  auto purchases = server.api_get("/api/v1/canteen/purchases?sn=CM2")["items"];
  ASSERT_EQ(purchases.size(), 2u);
  EXPECT_EQ(purchases[0]["money"], 600);
  ASSERT_EQ(purchases[0]["items"].size(), 3u);
  EXPECT_EQ(purchases[0]["items"][0]["item"], "1");
  EXPECT_EQ(purchases[0]["items"][0]["price"], 250);
  EXPECT_EQ(purchases[0]["items"][2]["price"], 175);
  EXPECT_EQ(purchases[1]["money"], 333);
  EXPECT_TRUE(purchases[1]["items"].empty());

  const std::string today = purchases[0]["time"].get<std::string>().substr(0, 10);
  auto totals = server.api_get("/api/v1/canteen/totals?date=" + today);
  ASSERT_EQ(totals["items"].size(), 1u);
  EXPECT_EQ(totals["items"][0]["sn"], "CM2");
  EXPECT_EQ(totals["items"][0]["meal"], "Lunch");
  EXPECT_EQ(totals["items"][0]["purchases"], 2);
  EXPECT_EQ(totals["total"]["money"], 933);

  auto report = server.api_get("/api/v1/canteen/reconciliation?sn=CM2")["items"];
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0]["records"]["pos"]["records"], 2);
  EXPECT_EQ(report[0]["records"]["full"]["records"], 2);
  EXPECT_EQ(report[0]["records"]["allow"]["records"], 1);
  EXPECT_TRUE(report[0]["gaps"].empty());
  EXPECT_TRUE(report[0]["balance_mismatches"].empty());
  EXPECT_EQ(report[0]["rejected_lines"], 0);
  auto terminals = server.api_get("/api/v1/canteen/terminals")["items"];
  ASSERT_EQ(terminals.size(), 1u);
  EXPECT_EQ(terminals[0]["fulllog_order"], "opid_recno");  // found from StampId (A-13)
  EXPECT_EQ(terminals[0]["dual_wallet"], true);
  EXPECT_EQ(terminals[0]["stamps"]["PosLogStampId"], "2");
  EXPECT_EQ(terminals[0]["stamps"]["FullLogStampId"], "2");
}

TEST(Canteen, AResentUploadStoresNothingTwice) {
  TempDir dir;
  Server server(dir.path());
  server.get("/iclock/cpos?SN=RAW1&options=all&device_type=30&IsConsumeFunType=1");
  const std::string body = "1001\t20001\t2026-11-28 12:00:00\t350\t9650\t1\t0\t1\t2026-11-28\t1\t1\n"
                           "1001\t20001\t2026-11-28 12:05:00\t200\t9450\t2\t0\t1\t2026-11-28\t2\t1\n";
  const std::string target = "/iclock/cpos?SN=RAW1&table=BUYLOG&Stamp=2026-11-28T12:05:00&StampId=2";
  for (int i = 0; i < 3; ++i) {
    auto r = server.post(target, body);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "OK");
    EXPECT_FALSE(r.header("date").empty());
  }
  auto items = server.post("/iclock/cpos?SN=RAW1&table=storedetail", "1\t5\t350\t1\n");
  EXPECT_EQ(items.body, "OK");
  server.post("/iclock/cpos?SN=RAW1&table=storedetail", "1\t5\t350\t1\n");
  auto purchases = server.api_get("/api/v1/canteen/purchases")["items"];
  ASSERT_EQ(purchases.size(), 2u);
  EXPECT_EQ(purchases[0]["items"].size(), 1u);
  EXPECT_EQ(server.api_get("/api/v1/canteen/cards/20001/ledger")["items"].size(), 2u);
  EXPECT_EQ(card(server, "20001")["balance"]["main"], -550);
  EXPECT_TRUE(card(server, "20001")["from_terminal"].get<bool>());
  // The handshake now resumes after RecNo 2.
  auto options = server.get("/iclock/cpos?SN=RAW1&options=all");
  EXPECT_NE(options.body.find("\nPosLogStamp=2026-11-28T12:05:00\n"), std::string::npos) << options.body;
  EXPECT_NE(options.body.find("\nPosLogStampId=2\n"), std::string::npos);
}

TEST(Canteen, ASkippedRecNoIsDetectedAndHealedThroughSync) {
  TempDir dir;
  Server server(dir.path());
  add_card(server, "20001");
  Canteen t(server.device_port(), "CM3", std::make_shared<sim::CardPurses>(), 1);
  ASSERT_TRUE(t.boot());
  t.poll_until_commands();
  ASSERT_TRUE(t->recharge("20001", 5000));
  ASSERT_TRUE(t->purchase("20001", {}, 100));
  t->lose_next(Family::kPos);
  ASSERT_TRUE(t->purchase("20001", {}, 200));  // RecNo 2: never uploaded by itself
  ASSERT_TRUE(t->purchase("20001", {}, 300));
  ASSERT_TRUE(t.upload());
  auto report = server.api_get("/api/v1/canteen/reconciliation?sn=CM3")["items"][0];
  ASSERT_EQ(report["gaps"].size(), 1u);
  EXPECT_EQ(report["gaps"][0]["family"], "pos");
  EXPECT_EQ(report["gaps"][0]["first_rec_no"], 2);
  EXPECT_EQ(report["gaps"][0]["last_rec_no"], 2);
  EXPECT_EQ(report["gaps"][0]["still_missing"], 1);
  EXPECT_EQ(report["open_gaps"], 1);
  EXPECT_EQ(card(server, "20001")["mismatches"], 1);  // the card's transaction 3 is missing from the ledger

  EXPECT_GE(t.poll_until_commands(), 1);  // SYNC POSLOG START=2 END=2, then the record goes up
  report = server.api_get("/api/v1/canteen/reconciliation?sn=CM3")["items"][0];
  EXPECT_EQ(report["open_gaps"], 0);
  EXPECT_EQ(report["gaps"][0]["still_missing"], 0);
  EXPECT_FALSE(report["gaps"][0]["healed_at"].is_null());
  const std::string sync = report["gaps"][0]["sync_command"];
  auto command = server.api_get("/api/v1/commands/" + sync);
  EXPECT_EQ(command["command"], "SYNC POSLOG START=2 END=2");
  EXPECT_EQ(command["status"], "done");
  EXPECT_EQ(report["records"]["pos"]["records"], 3);
  json c = card(server, "20001");
  EXPECT_EQ(c["balance"]["main"], 5000 - 600);
  EXPECT_EQ(c["mismatches"], 0);
}

TEST(Canteen, APollAheadOfTheRecordsQueuesSync) {
  TempDir dir;
  Server server(dir.path());
  server.get("/iclock/cpos?SN=RAW2&options=all&device_type=30");
  fast(server, "RAW2");
  server.post("/iclock/cpos?SN=RAW2&table=BUYLOG&StampId=1",
              "1\t20001\t2026-11-28 12:00:00\t100\t900\t1\t0\t0\t\t1\t1\n");
  EXPECT_EQ(server.get("/iclock/posrequest?SN=RAW2&type=pos&devno=3").body, "OK");
  // Polls without records: once they have gone on for two poll cycles
  // (Delay=1), a poll finds the gap. The SYNC is queued once the gap is
  // stored: it may ride on that very poll's answer or on a later one.
  std::string sync;
  eventually([&] { return (sync = server.get("/iclock/posrequest?SN=RAW2&type=pos&devno=3").body) != "OK"; });
  EXPECT_TRUE(std::regex_match(sync, std::regex("C:[0-9]+:SYNC POSLOG START=2 END=3\n"))) << sync;
  auto report = server.api_get("/api/v1/canteen/reconciliation?sn=RAW2")["items"][0];
  ASSERT_EQ(report["gaps"].size(), 1u);
  EXPECT_EQ(report["gaps"][0]["source"], "poll");
}

TEST(Canteen, ALostCardIsBlacklistedOnEveryCanteenTerminal) {
  TempDir dir;
  Server server(dir.path());
  add_card(server, "20001", "1234");
  auto purses = std::make_shared<sim::CardPurses>();
  Canteen a(server.device_port(), "CMA", purses), b(server.device_port(), "CMB", purses);
  ASSERT_TRUE(a.boot());
  ASSERT_TRUE(b.boot());
  a.poll_until_commands();
  b.poll_until_commands();
  ASSERT_TRUE(a->recharge("20001", 1000));
  EXPECT_EQ(user_type(*b, "20001"), "0");

  EXPECT_EQ(a.card_request(2, "20001", "9999"), "NO");  // wrong password
  EXPECT_EQ(a.card_request(2, "99999", "1234"), "NO");  // unknown card
  EXPECT_EQ(a.card_request(2, "20001", "1234"), "OK");
  EXPECT_EQ(card(server, "20001")["status"], "lost");
  EXPECT_EQ(a.card_request(2, "20001", "1234"), "OK");  // asked again: still OK, nothing new queued
  EXPECT_EQ(a.poll_until_commands(), 1);
  EXPECT_EQ(b.poll_until_commands(), 1);
  EXPECT_EQ(user_type(*a, "20001"), "1");
  EXPECT_EQ(user_type(*b, "20001"), "1");
  EXPECT_FALSE(b->purchase("20001", {}, 100));  // refused at the other terminal

  EXPECT_EQ(b.card_request(3, "20001", "1234"), "OK");  // found again
  EXPECT_EQ(card(server, "20001")["status"], "active");
  a.poll_until_commands();
  b.poll_until_commands();
  EXPECT_EQ(user_type(*a, "20001"), "0");
  EXPECT_TRUE(b->purchase("20001", {}, 100));

  EXPECT_EQ(a.card_request(4, "20001", "0000", "4321"), "NO");
  EXPECT_EQ(a.card_request(4, "20001", "1234", "4321"), "OK");
  EXPECT_EQ(a.card_request(5, "20001", "1234", "4321"), "OK");
  EXPECT_EQ(a.card_request(2, "20001", "1234"), "NO");  // the old password no longer works
  EXPECT_EQ(a.card_request(2, "20001", "4321"), "OK");

  server.api_send("PATCH", "/api/v1/canteen/cards/20001", {{"status", "blacklisted"}}, 200);
  EXPECT_EQ(a.card_request(3, "20001", "4321"), "NO");  // a block by the server is not lifted from a terminal
}

TEST(Canteen, ClockExchangeAndCommandReplies) {
  TempDir dir;
  Server server(dir.path());
  // The canteen protocol's own pushver (4.0.1) does not make it an access panel.
  server.get("/iclock/cpos?SN=RAW3&options=all&device_type=30&pushver=4.0.1");
  EXPECT_EQ(server.api_get("/api/v1/devices/RAW3")["dialect"], "attendance");
  server.api_send("PUT", "/api/v1/devices/RAW3/settings", {{"TimeZone", "8"}}, 200);
  auto time = server.get("/iclock/cpos?SN=RAW3&type=time");
  EXPECT_EQ(time.status, 200);
  EXPECT_TRUE(std::regex_match(time.body, std::regex(R"(Time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00)"))) << time.body;
  EXPECT_FALSE(time.header("date").empty());

  auto exchange = server.post("/iclock/exchange?SN=RAW3&type=publickey", "PublicKey=abc");
  EXPECT_EQ(exchange.status, 501);
  EXPECT_NE(exchange.body.find("plaintext"), std::string::npos);

  const std::string id = server.api_send("POST", "/api/v1/devices/RAW3/commands/info", nlohmann::json::object(), 201)["id"];
  auto poll = server.get("/iclock/posrequest?SN=RAW3&type=pos&devno=0");
  EXPECT_EQ(poll.body, "C:" + id + ":INFO\n");
  auto reply = server.post("/iclock/posdevicecmd?SN=RAW3",
                           "ID=" + id + "&Return=0&CMD=INFO\nBlackUserCount=1\nWhiteUserCount=5\nPosLog=36");
  EXPECT_EQ(reply.body, "OK");
  EXPECT_EQ(server.api_get("/api/v1/commands/" + id)["status"], "done");
  EXPECT_EQ(server.api_get("/api/v1/devices/RAW3")["info"]["WhiteUserCount"], "5");
  EXPECT_EQ(server.get("/iclock/posrequest?SN=RAW3&type=pos&devno=0").body, "OK");
}

TEST(Canteen, TheApiRefusesFractionsAndUnknownCards) {
  TempDir dir;
  Server server(dir.path());
  server.api_send("POST", "/api/v1/canteen/cards", {{"card_no", "1"}, {"opening_balance", 12.5}}, 400);
  server.api_send("POST", "/api/v1/canteen/products", {{"StoreNo", 1}, {"Price", 2.5}}, 400);
  server.api_send("POST", "/api/v1/canteen/products", {{"StoreNo", 1}, {"Price", "2.50"}}, 400);
  server.api_send("POST", "/api/v1/canteen/credits", {{"kind", "topup"}, {"amount", 100}, {"cards", {"nobody"}}}, 400);
  add_card(server, "7");
  server.api_send("POST", "/api/v1/canteen/cards", {{"card_no", "7"}}, 409);
  server.api_get("/api/v1/canteen/cards/8", 404);
  server.api_send("DELETE", "/api/v1/canteen/cards/7", json::object(), 200);
  server.api_get("/api/v1/canteen/cards/7", 404);
}

TEST(Canteen, ASimulatedFleetSellsAndTheBooksBalance) {
  TempDir dir;
  Server server(dir.path());
  add_master_data(server);
  for (const char* no : {"30001", "30002", "30003"}) add_card(server, no);
  sim::FleetOptions options;
  options.server_url = "http://127.0.0.1:" + std::to_string(server.device_port());
  options.devices = 3;
  options.sn_prefix = "CANT";
  options.duration = std::chrono::seconds(60);  // a bound: the run ends when stop_when holds
  // Until every terminal has sold and uploaded a few times over.
  options.stop_when = [](const sim::Stats& stats) { return stats.records_acked >= 20; };
  options.terminal.profile = *sim::profile_by_name("canteen");
  options.terminal.punches_per_minute = 120;  // sales per minute
  options.terminal.max_error_delay = std::chrono::milliseconds(200);
  options.progress = false;
  EXPECT_EQ(sim::run_fleet(options), 0);
  int64_t purchases = 0;
  const auto report = server.api_get("/api/v1/canteen/reconciliation")["items"];
  EXPECT_EQ(report.size(), 3u) << report;
  for (const auto& row : report) {
    purchases += row["records"].value("pos", json::object()).value("records", 0);
    EXPECT_TRUE(row["gaps"].empty()) << row;
    EXPECT_TRUE(row["balance_mismatches"].empty()) << row;  // the cards, shared by the terminals, agree
  }
  EXPECT_GT(purchases, 6);
  const nlohmann::json cards = server.api_get("/api/v1/canteen/cards");
  for (const auto& c : cards["items"]) EXPECT_EQ(c["mismatches"], 0) << c;
}

}  // namespace
}  // namespace zkpush::test
