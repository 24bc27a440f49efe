// Hostile and broken input against the real binary (docs/limits.md, one test
// per limit): each gets its HTTP status and body, a log line naming the
// address or the device, stores nothing, and leaves the server serving.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "harness.h"
#include "support/eventually.h"
#include "protocol/query.h"

namespace zkpush::test {
namespace {

using namespace std::chrono_literals;


class HostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(dir_.path(),
                                       std::vector<std::string>{"--max-header-bytes", "4096", "--max-body-bytes",
                                                                "4194304", "--read-timeout", "2", "--idle-timeout",
                                                                "2", "--max-connections-per-ip", "8"},
                                       LaunchOptions{true});
    ASSERT_EQ(server_->get("/iclock/cdata?SN=H1&options=all&pushver=2.4.1").status, 200);
  }

  int port() const { return server_->device_port(); }
  std::size_t punches() const { return server_->api_get("/api/v1/devices/H1/attendance")["items"].size(); }
  std::size_t rejected() const { return server_->api_get("/api/v1/devices/H1/rejected")["items"].size(); }
  std::size_t devices() const { return server_->api_get("/api/v1/devices")["items"].size(); }

  // Waits for `text` to appear in the server's log.
  bool logged(const std::string& text) const {
    if (server_->wait_for_log(text)) return true;
    ADD_FAILURE() << "not in the log: " << text << "\nlog:\n" << server_->log();
    return false;
  }

  // The server still answers a terminal, and stores its punch (a new one each time).
  void expect_still_serving() {
    const std::size_t before = punches();
    auto reply = server_->post("/iclock/cdata?SN=H1&table=ATTLOG&Stamp=1", std::to_string(9000 + ++served_) + kPunch.substr(1));
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "OK: 1");
    EXPECT_EQ(punches(), before + 1);
  }

  static std::string upload_head(const std::string& extra_headers) {
    return "POST /iclock/cdata?SN=H1&table=ATTLOG&Stamp=2 HTTP/1.1\r\nHost: x\r\n" + extra_headers + "\r\n";
  }

  TempDir dir_;
  std::unique_ptr<Server> server_;
  int served_ = 0;
};

TEST_F(HostileInput, HeadLargerThanTheLimitGets431) {
  auto reply = send_raw(port(), "GET /iclock/getrequest?SN=H1 HTTP/1.1\r\nX-Pad: " + std::string(5000, 'a') +
                                    "\r\n\r\n");
  EXPECT_EQ(reply.status, 431);
  EXPECT_EQ(reply.body, "Request Header Fields Too Large\n");
  EXPECT_EQ(reply.header("connection"), "close");
  EXPECT_TRUE(logged("[device] 431 to 127.0.0.1 SN=H1: request head larger than the limit"));
  expect_still_serving();
}

TEST_F(HostileInput, TooManyHeaderLinesGets431) {
  std::string headers;
  for (int i = 0; i < 65; ++i) headers += "X-" + std::to_string(i) + ": 1\r\n";
  auto reply =
      send_raw(port(), upload_head(headers + "Content-Length: " + std::to_string(kPunch.size()) + "\r\n") + kPunch);
  EXPECT_EQ(reply.status, 431);
  EXPECT_TRUE(logged("431 to 127.0.0.1 SN=H1: too many header lines"));
  EXPECT_EQ(punches(), 0u);
  expect_still_serving();
}

TEST_F(HostileInput, PollBodyOverTheSmallLimitGets413BeforeItIsSent) {
  // 64 KiB for polls, whatever --max-body-bytes says; refused from the head.
  RawClient poll(port());
  poll.send("POST /iclock/getrequest?SN=H1 HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n");
  std::string reply = poll.read_until_close(3s);
  EXPECT_EQ(reply.substr(0, 13), "HTTP/1.1 413 ") << reply;
  EXPECT_NE(reply.find("\r\n\r\nContent Too Large\n"), std::string::npos) << reply;
  EXPECT_TRUE(logged("413 to 127.0.0.1 SN=H1: body larger than the limit"));
  // The same size is an upload's right.
  std::string lines;
  while (lines.size() < 70000) lines += kPunch;
  EXPECT_EQ(server_->post("/iclock/cdata?SN=H1&table=ATTLOG&Stamp=1", lines).status, 200);
}

TEST_F(HostileInput, UploadOverMaxBodyBytesGets413AndStoresNothing) {
  RawClient upload(port());
  upload.send(upload_head("Content-Length: 4194305\r\n") + kPunch);
  std::string reply = upload.read_until_close(3s);
  EXPECT_EQ(reply.substr(0, 13), "HTTP/1.1 413 ") << reply;
  EXPECT_TRUE(logged("413 to 127.0.0.1 SN=H1: body larger than the limit"));
  EXPECT_EQ(punches(), 0u);
  expect_still_serving();
}

TEST_F(HostileInput, TooManyLinesInOneUploadGets413AndStoresNothing) {
  std::string body;
  for (std::size_t i = 0; i <= 200000; ++i) body += "x\n";
  auto reply = server_->post("/iclock/cdata?SN=H1&table=ATTLOG&Stamp=1", kPunch + body);
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.body, "ERROR: upload has 200002 lines, more than 200000");
  EXPECT_TRUE(logged("device H1: ATTLOG upload refused, nothing stored: upload has 200002 lines"));
  EXPECT_EQ(punches(), 0u);
  EXPECT_EQ(rejected(), 0u);
  expect_still_serving();
}

TEST_F(HostileInput, LineLongerThanTheLimitGets413AndStoresNothing) {
  auto reply = server_->post("/iclock/cdata?SN=H1&table=OPERLOG&Stamp=1",
                             "USER PIN=1\tName=A\nUSERPIC PIN=1\tContent=" + std::string(1 << 20, 'A') + "\n");
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.body.rfind("ERROR: upload has a line of ", 0), 0u) << reply.body;
  EXPECT_TRUE(logged("device H1: OPERLOG upload refused, nothing stored: upload has a line of"));
  EXPECT_EQ(server_->api_get("/api/v1/devices/H1/users")["items"].size(), 0u);
  expect_still_serving();
}

TEST_F(HostileInput, TgzBombIsRefusedWith413) {
  // 65 MiB of zeros compress to ~65 KB; the server stops expanding at 64 MiB.
  std::string packet = make_tgz("bomb.txt", "USER PIN=1\tName=A\n" + std::string(65u << 20, '\0'));
  ASSERT_LT(packet.size(), 1u << 20);
  auto reply = server_->post("/iclock/cdata?SN=H1&table=OPERLOG&ContentType=tgz", packet);
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.body, "ERROR: tgz: packet expands beyond 67108864 bytes");
  EXPECT_TRUE(logged("device H1: OPERLOG upload refused, nothing stored: tgz: packet expands beyond"));
  EXPECT_EQ(server_->api_get("/api/v1/devices/H1/users")["items"].size(), 0u);
  expect_still_serving();
}

TEST_F(HostileInput, ConflictingOrAbsurdFramingGets400) {
  const std::vector<std::string> framings = {
      "Content-Length: 36\r\nTransfer-Encoding: chunked\r\n",  // both
      "Transfer-Encoding: chunked\r\nContent-Length: 36\r\n",
      "Content-Length: 36\r\nContent-Length: 37\r\n",          // two different lengths
      "Content-Length: 99999999999999999999999\r\n",           // absurd
      "Content-Length: -1\r\n",
      "Content-Length: 3x\r\n",
      "Transfer-Encoding: gzip\r\n",                           // a coding we cannot frame
      "Transfer-Encoding: chunked, gzip\r\n",
      "Transfer-Encoding: gzip, chunked\r\n",                  // a chunked body, still compressed
  };
  for (const auto& framing : framings) {
    SCOPED_TRACE(framing);
    auto reply = send_raw(port(), upload_head(framing) + kPunch);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.header("connection"), "close");
  }
  EXPECT_TRUE(logged("400 to 127.0.0.1 SN=H1: Transfer-Encoding other than chunked"));
  EXPECT_EQ(punches(), 0u);
  expect_still_serving();
}

TEST_F(HostileInput, SlowlorisIsCutByTheReadTimeoutOverTheWholeRequest) {
  RawClient slow(port());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(slow.try_send("POST /iclock/cdata?SN=H1&table=ATTLOG&Stamp=3 HTTP/1.1\r\n"));
  // One byte every 200 ms: each read is quick, the request never ends.
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() - start < 6s) {
    slow.try_send("X");
    closed = slow.closed_within(200ms);
    if (!closed) expect_still_serving();  // everyone else is served meanwhile
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_GE(took, 1900ms);
  EXPECT_LT(took, 4s);
  EXPECT_TRUE(logged("timeout reading a request from 127.0.0.1 SN=H1"));
}

TEST_F(HostileInput, ConnectionsPerAddressOverTheLimitGet503) {
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 8; ++i) held.push_back(std::make_unique<RawClient>(port()));
  // Once all eight are accepted and counted (they are cut after --read-timeout 2).
  const std::string ping = "GET /iclock/ping?SN=H1 HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(eventually([&] { return send_raw(port(), ping).status == 503; }));
  for (int i = 0; i < 5; ++i) {
    auto reply = send_raw(port(), "GET /iclock/ping?SN=H1 HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(reply.status, 503);
    EXPECT_EQ(reply.body, "ERROR: too many connections from this address\n");
    EXPECT_EQ(reply.header("retry-after"), "10");
    EXPECT_EQ(reply.header("connection"), "close");
  }
  // Logged once for the burst, not once per connection.
  EXPECT_TRUE(logged("connection from 127.0.0.1 refused: 8 connections from one address"));
  const std::string log = server_->log();
  std::size_t lines = 0;
  for (std::size_t at = log.find("refused: 8 connections"); at != std::string::npos;
       at = log.find("refused: 8 connections", at + 1))
    ++lines;
  EXPECT_EQ(lines, 1u);
  held.clear();
  EXPECT_TRUE(eventually([&] { return send_raw(port(), ping).status == 200; }));  // the eight are gone
  expect_still_serving();
}

TEST(HostileConnections, ConnectionsOverTheTotalAreClosedUnanswered) {
  TempDir dir;
  Server server(dir.path(), {"--max-connections", "4", "--max-connections-per-ip", "0"}, LaunchOptions{true});
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawClient>(server.device_port()));
  // No wait: the listener accepts in the order of the connects, so the four
  // are counted before the fifth.
  RawClient extra(server.device_port());
  extra.send("GET /iclock/ping?SN=T1 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(extra.closed_within(2s));
  EXPECT_EQ(extra.read_until_close(0ms), "");
  EXPECT_TRUE(server.wait_for_log("closed unanswered: 4 connections open, the limit (--max-connections)"))
      << server.log();
  held.clear();
  EXPECT_TRUE(eventually([&] { return server.get("/iclock/ping?SN=T1").body == "OK"; }));
}

TEST_F(HostileInput, SerialNumbersThatCannotBeAnIdentityGet400) {
  const std::size_t before = devices();
  const std::string too_long(protocol::kMaxSerialNumberLength + 1, 'A');
  for (const std::string& sn : {std::string(""), too_long, std::string("..%2Fetc"), std::string("A%2FB"),
                                std::string("A%5CB"), std::string("A%01B"), std::string("A%0D%0AB"),
                                std::string("A%20B"), std::string("A'B"), std::string(".hidden")}) {
    SCOPED_TRACE(sn);
    auto reply = server_->post("/iclock/cdata?SN=" + sn + "&table=ATTLOG&Stamp=1", kPunch);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.body.rfind("ERROR: ", 0), 0u) << reply.body;
  }
  EXPECT_EQ(server_->get("/iclock/getrequest?SN=").body, "ERROR: missing SN");
  EXPECT_TRUE(logged("request from 127.0.0.1 with SN 'A\\x0d\\x0aB' rejected: SN contains a character"));
  EXPECT_TRUE(logged("rejected: SN longer than 64 characters"));
  EXPECT_EQ(devices(), before);
  // The longest allowed and a NUL-padded one (field-lessons §5.17) are fine.
  EXPECT_EQ(server_->get("/iclock/ping?SN=" + too_long.substr(1)).body, "OK");
  EXPECT_EQ(server_->get("/iclock/ping?SN=H1%00%00%00").body, "OK");
  expect_still_serving();
}

TEST_F(HostileInput, PinsWithQuotesAndSqlAreStoredAsSent) {
  const std::string pin = "1'; DROP TABLE attendance;--\"";
  auto reply = server_->post("/iclock/cdata?SN=H1&table=ATTLOG&Stamp=1", pin + "\t2024-02-02 10:00:00\t0\t1\n");
  EXPECT_EQ(reply.body, "OK: 1");
  auto rows = server_->api_get("/api/v1/devices/H1/attendance")["items"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["pin"], pin);
  auto by_pin = server_->api_get("/api/v1/devices/H1/attendance?pin=1%27%3B%20DROP%20TABLE%20attendance%3B--%22");
  EXPECT_EQ(by_pin["items"].size(), 1u);
  reply = server_->post("/iclock/cdata?SN=H1&table=OPERLOG", "USER PIN=" + pin + "\tName=Robert'); --\tPri=0\n");
  EXPECT_EQ(reply.body, "OK: 1");
  auto users = server_->api_get("/api/v1/devices/H1/users")["items"];
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["pin"], pin);
  EXPECT_EQ(users[0]["name"], "Robert'); --");
  expect_still_serving();  // the table is still there
}

TEST_F(HostileInput, InvalidPercentEncodingIsKeptLiterally) {
  auto reply = server_->post("/iclock/cdata?SN=H1&table=ATTLOG&Stamp=%zz%4", kPunch);
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(server_->api_get("/api/v1/devices/H1")["stamps"]["ATTLOG"], "%zz%4");
  EXPECT_EQ(server_->get("/iclock/getrequest?SN=H1&INFO=%G0,%").body, "OK");
}

TEST_F(HostileInput, InvalidUtf8AndGb2312AreStoredAsValidUtf8) {
  // A UTF-8 terminal sending bytes that are not UTF-8 (an overlong NUL, a
  // surrogate, a lone 0xFF): read as Latin-1, so no byte is lost.
  auto reply = server_->post("/iclock/cdata?SN=H1&table=OPERLOG", "USER PIN=1\tName=A\xC0\x80\xED\xA0\x80\xFF\tPri=0\n");
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(server_->api_get("/api/v1/devices/H1/users")["items"][0]["name"],
            "A\xC3\x80\xC2\x80\xC3\xAD\xC2\xA0\xC2\x80\xC3\xBF");
  // Only an overlong NUL: once taken for UTF-8 and stored as sent (fuzz/charset_fuzz.cc).
  reply = server_->post("/iclock/cdata?SN=H1&table=OPERLOG", "USER PIN=2\tName=B\xC0\x80\tPri=0\n");
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(server_->api_get("/api/v1/devices/H1/users")["items"][1]["name"], "B\xC3\x80\xC2\x80");
  // A GB2312 terminal (language 83) sending bytes that are not GB2312.
  ASSERT_EQ(server_->get("/iclock/cdata?SN=CN1&options=all&pushver=2.4.1&language=83").status, 200);
  reply = server_->post("/iclock/cdata?SN=CN1&table=OPERLOG", "USER PIN=1\tName=\xD5\xC5\xFF\xFF\tPri=0\n");
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(server_->api_get("/api/v1/devices/CN1/users")["items"][0]["name"], "\xE5\xBC\xA0\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_F(HostileInput, NulBytesInABodyAreBlanksAroundFields) {
  // NUL pads fields like a blank (protocol/text.h trim); a line of NULs is blank.
  const std::string body = std::string("7\0\t2024-02-02 10:00:00\t0\t1\n\0\0\0", 30);
  auto reply = server_->post("/iclock/cdata?SN=H1&table=ATTLOG&Stamp=1", body);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK: 1");
  auto rows = server_->api_get("/api/v1/devices/H1/attendance")["items"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["pin"], "7");
  expect_still_serving();
}

TEST_F(HostileInput, UnknownPathsGet404) {
  for (const char* target : {"/", "/admin", "/iclock/../etc/passwd", "/iclock/cdata/extra?SN=H1", "/iclock/nope?SN=H1"}) {
    SCOPED_TRACE(target);
    auto reply = server_->get(target);
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(reply.body, "ERROR: unknown request\n");
  }
  EXPECT_TRUE(logged("404 to 127.0.0.1 SN=H1: unknown request GET /iclock/nope"));
  expect_still_serving();
}

}  // namespace
}  // namespace zkpush::test
