// BioTime's /iclock/api/transactions/ and /iclock/api/terminals/ over
// punches terminals uploaded (docs/biotime-api.md): 25,000 punches paged
// through by following `next` to the end, each once and in order; every
// filter clients send; the envelope and the field types; a page past the
// end; the punch direction a terminal's setting gave each punch.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "biotime_fixture.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

// `count` punches of PIN 1..50 on `sn`, a minute apart from `day` 00:00,
// with status `status`, in one upload each of at most 5,000 lines.
void upload_punches(const Server& server, const std::string& sn, const std::string& day, int count, int status = 0) {
  for (int first = 0; first < count; first += 5000) {
    std::string body;
    for (int i = first; i < std::min(count, first + 5000); ++i) {
      char time[32];
      std::snprintf(time, sizeof time, "%s %02d:%02d:%02d", day.c_str(), i / 3600 % 24, i / 60 % 60, i % 60);
      body += std::to_string(1 + i % 50) + "\t" + time + "\t" + std::to_string(status) + "\t1\t0\t0\t0\n";
    }
    HttpReply r = server.post("/iclock/cdata?SN=" + sn + "&table=ATTLOG&Stamp=1", body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
}

// "http://127.0.0.1/iclock/..." -> "/iclock/...": the path a client follows.
std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  return url.substr(url.find('/', scheme + 3));
}

TEST_F(BiotimeTest, PagingThrough25000PunchesByNextGivesEachOnceInOrder) {
  upload_punches(server_, "PAGE1", "2026-03-01", 15000);
  upload_punches(server_, "PAGE2", "2026-03-02", 10000);
  BiotimeClient api = client();

  std::string path = "/iclock/api/transactions/?page_size=1000";
  std::set<std::string> seen;  // sn, pin, time
  int64_t last_id = 0;
  int pages = 0;
  for (;;) {
    const json page = api.get(path);
    ASSERT_EQ(page["count"], 25000);
    ++pages;
    for (const json& t : page["data"]) {
      EXPECT_GT(t["id"].get<int64_t>(), last_id);
      last_id = t["id"];
      EXPECT_TRUE(seen.insert(t["terminal_sn"].get<std::string>() + "/" + t["emp_code"].get<std::string>() + "/" +
                              t["punch_time"].get<std::string>()).second);
    }
    if (page["next"].is_null()) break;
    const std::string next = page["next"];
    EXPECT_EQ(next, "http://127.0.0.1/iclock/api/transactions/?page_size=1000&page=" + std::to_string(pages + 1));
    path = path_of(next);
  }
  EXPECT_EQ(pages, 25);
  EXPECT_EQ(seen.size(), 25000u);

  // `limit`, the later versions' name, pages the same; a page past the end is BioTime's 404.
  const json last = api.get("/iclock/api/transactions/?limit=10000&page=3");
  EXPECT_EQ(last["data"].size(), 5000u);
  EXPECT_EQ(last["previous"], "http://127.0.0.1/iclock/api/transactions/?limit=10000&page=2");
  EXPECT_EQ(api.get("/iclock/api/transactions/?page_size=1000&page=26", 404),
            json::parse(R"({"detail":"Invalid page."})"));
  EXPECT_EQ(api.get("/iclock/api/transactions/?page=0", 404)["detail"], "Invalid page.");
}

TEST_F(BiotimeTest, EveryFilterSelectsWhatBiotimeWould) {
  upload_punches(server_, "GATE1", "2026-04-01", 100);
  upload_punches(server_, "GATE2", "2026-04-02", 60);
  server_.api_send("PATCH", "/api/v1/devices/GATE2", {{"name", "North gate"}}, 200);
  BiotimeClient api = client();
  auto count = [&](const std::string& query) { return api.get("/iclock/api/transactions/?" + query)["count"]; };

  EXPECT_EQ(count(""), 160);
  EXPECT_EQ(count("terminal_sn=GATE1"), 100);
  EXPECT_EQ(count("terminal_alias=North%20gate"), 60);
  EXPECT_EQ(count("terminal_alias=GATE1"), 100);  // no label: the serial number is the alias
  EXPECT_EQ(count("emp_code=7"), 4);  // PIN 7: punches 6 and 56 of each terminal
  // Inclusive at both ends; '+' is a space (Python's requests), %20 too, a bare date is its whole day.
  EXPECT_EQ(count("start_time=2026-04-01+00:00:10&end_time=2026-04-01%2000:00:19"), 10);
  EXPECT_EQ(count("start_time=2026-04-02"), 60);
  EXPECT_EQ(count("end_time=2026-04-01"), 100);
  EXPECT_EQ(count("emp_code=7&terminal_sn=GATE2&start_time=2026-04-02%2000:00:10"), 1);
  // Parameters BioTime does not know are ignored, as it ignores them.
  EXPECT_EQ(count("department=3&nonsense=1"), 160);

  const json bad = api.get("/iclock/api/transactions/?start_time=yesterday", 400);
  EXPECT_EQ(bad, json::parse(R"({"start_time":["Enter a valid date/time."]})"));
  // Newest first, as pybiotime's incremental read asks.
  const json newest = api.get("/iclock/api/transactions/?ordering=-upload_time&page_size=1");
  EXPECT_EQ(newest["data"][0]["terminal_sn"], "GATE2");
  EXPECT_EQ(newest["data"][0]["punch_time"], "2026-04-02 00:00:59");
  // Nothing matches: page 1 is an empty page, not a 404.
  const json empty = api.get("/iclock/api/transactions/?emp_code=nobody");
  EXPECT_EQ(empty, json::parse(R"({"count":0,"next":null,"previous":null,"msg":"","code":0,"data":[]})"));
}

TEST_F(BiotimeTest, ATransactionHasBiotimesFieldsTypesAndValues) {
  server_.api_send("POST", "/api/v1/device-groups", {{"name", "Head office"}}, 201);
  const int64_t group = server_.api_get("/api/v1/device-groups")["items"][0]["id"];
  server_.get("/iclock/cdata?SN=HQ1&options=all&pushver=2.4.1");
  server_.api_send("PATCH", "/api/v1/devices/HQ1", {{"name", "Lobby"}, {"group_id", group}}, 200);
  server_.api_send("POST", "/api/v1/persons", {{"pin", "42"}, {"name", "Ada Lovelace"}}, 201);
  ASSERT_EQ(server_.post("/iclock/cdata?SN=HQ1&table=ATTLOG&Stamp=1", "42\t2026-05-03 08:55:05\t0\t15\t0\t0\t0\n").status,
            200);
  BiotimeClient api = client();
  const json page = api.get("/iclock/api/transactions/");
  ASSERT_EQ(page.size(), 6u);  // count, next, previous, msg, code, data: nothing else
  const json t = page["data"][0];
  EXPECT_TRUE(t["id"].is_number_integer());
  EXPECT_EQ(t["emp_code"], "42");
  EXPECT_EQ(t["first_name"], "Ada Lovelace");
  EXPECT_EQ(t["punch_time"], "2026-05-03 08:55:05");
  EXPECT_EQ(t["punch_state"], "0");  // a string, as BioTime sends it
  EXPECT_EQ(t["punch_state_display"], "Check In");
  EXPECT_EQ(t["verify_type"], 15);  // a number
  EXPECT_EQ(t["verify_type_display"], "Face");
  EXPECT_EQ(t["terminal_sn"], "HQ1");
  EXPECT_EQ(t["terminal_alias"], "Lobby");
  EXPECT_EQ(t["area_alias"], "Head office");
  EXPECT_TRUE(std::regex_match(t["upload_time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")));
  for (const char* key : {"emp", "last_name", "department", "position"}) EXPECT_TRUE(t[key].is_null()) << key;
  EXPECT_TRUE(t["temperature"].is_number_float());
  EXPECT_EQ(api.get("/iclock/api/transactions/" + std::to_string(t["id"].get<int64_t>()) + "/"), t);
  EXPECT_EQ(api.get("/iclock/api/transactions/999999/", 404), json::parse(R"({"detail":"Not found."})"));

  const json terminal = api.get("/iclock/api/terminals/?sn=HQ1")["data"][0];
  EXPECT_EQ(terminal["sn"], "HQ1");
  EXPECT_EQ(terminal["alias"], "Lobby");
  EXPECT_EQ(terminal["area"], json({{"id", group}, {"area_code", std::to_string(group)}, {"area_name", "Head office"}}));
  EXPECT_EQ(api.get("/iclock/api/terminals/" + std::to_string(terminal["id"].get<int64_t>()) + "/"), terminal);
  EXPECT_EQ(api.get("/iclock/api/terminals/?alias=Nowhere")["count"], 0);
}

// A terminal's punch direction decides BioTime's Check In / Check Out, the
// API's and the CSV's direction; it is fixed when a punch arrives.
TEST_F(BiotimeTest, ThePunchDirectionOfATerminalIsFixedWhenAPunchArrives) {
  server_.get("/iclock/cdata?SN=EXIT1&options=all&pushver=2.4.1");
  EXPECT_EQ(server_.api_send("PATCH", "/api/v1/devices/EXIT1", {{"punch_direction", "sideways"}}, 400)["error"],
            "punch_direction: \"status\", \"in\", \"out\" or \"status:0=in,1=out,...\"");
  server_.api_send("PATCH", "/api/v1/devices/EXIT1", {{"punch_direction", "out"}}, 200);
  // Status 0 (check-in key) and 255 (no key) on an exit terminal: both OUT.
  upload_punches(server_, "EXIT1", "2026-06-01", 1, 0);
  upload_punches(server_, "EXIT1", "2026-06-02", 1, 255);
  server_.api_send("PATCH", "/api/v1/devices/EXIT1", {{"punch_direction", "status:255=in"}}, 200);
  EXPECT_EQ(server_.api_get("/api/v1/devices/EXIT1")["punch_direction"], "status:255=in");
  upload_punches(server_, "EXIT1", "2026-06-03", 1, 255);
  upload_punches(server_, "EXIT1", "2026-06-04", 1, 1);  // not in the mapping: unknown

  BiotimeClient api = client();
  std::vector<std::string> states;
  const json transactions = api.get("/iclock/api/transactions/");
  for (const json& t : transactions["data"])
    states.push_back(t["punch_state"].get<std::string>() + " " + t["punch_state_display"].get<std::string>());
  EXPECT_EQ(states, (std::vector<std::string>{"1 Check Out", "1 Check Out", "0 Check In", "1 Check Out"}));

  std::vector<std::string> directions;
  const json attendance = server_.api_get("/api/v1/attendance");
  for (const json& a : attendance["items"]) directions.push_back(a["direction"]);
  EXPECT_EQ(directions, (std::vector<std::string>{"out", "out", "in", ""}));
  RawClient export_client(server_.api_port());
  export_client.send("GET /api/v1/attendance.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                     server_.admin_token() + "\r\nConnection: close\r\n\r\n");
  std::string csv;  // chunked: each piece holds whole lines
  for (std::string piece; !(piece = export_client.read_some(1 << 16, std::chrono::seconds(5))).empty();) csv += piece;
  EXPECT_NE(csv.find(",received_at,direction\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Z,out\r\n"), std::string::npos) << csv;
}

}  // namespace
}  // namespace zkpush::test
