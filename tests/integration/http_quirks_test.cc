// The HTTP quirks real terminals send (issue "HTTP robustness"), against the
// real binary, each checked through what got stored.
#include <gtest/gtest.h>

#include "harness.h"

namespace zkpush::test {
namespace {

class HttpQuirks : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(dir_.path());
    ASSERT_EQ(server_->get("/iclock/cdata?SN=Q1&options=all&pushver=2.4.1").status, 200);
  }
  size_t punches() { return server_->api_get("/api/v1/devices/Q1/attendance")["items"].size(); }
  int port() { return server_->device_port(); }
  TempDir dir_;
  std::unique_ptr<Server> server_;
};


TEST_F(HttpQuirks, Http10WithoutHostOrContentType) {  // B7, R11
  auto reply = send_raw(port(), "POST /iclock/cdata?SN=Q1&table=ATTLOG&Stamp=1 HTTP/1.0\r\nContent-Length: " +
                                    std::to_string(kPunch.size()) + "\r\n\r\n" + kPunch);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(punches(), 1u);
}

TEST_F(HttpQuirks, KeepAliveServesSeveralRequestsOnOneConnection) {
  auto replies = send_on_one_connection(
      port(), {"GET /iclock/getrequest?SN=Q1 HTTP/1.1\r\nHost: x\r\n\r\n",
               "POST /iclock/cdata?SN=Q1&table=ATTLOG HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                   std::to_string(kPunch.size()) + "\r\n\r\n" + kPunch,
               "GET /iclock/ping?SN=Q1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"});
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].body, "OK");
  EXPECT_EQ(replies[1].body, "OK: 1");
  EXPECT_EQ(replies[2].body, "OK");
  EXPECT_EQ(replies[2].header("connection"), "close");
  EXPECT_EQ(punches(), 1u);
}

TEST_F(HttpQuirks, AbsoluteFormTarget) {  // ACC-04
  auto reply = send_raw(port(), "GET http://10.0.0.5:8081/iclock/getrequest?SN=Q1 HTTP/1.0\r\n\r\n");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK");
}

TEST_F(HttpQuirks, RawSpacesInQuery) {  // ACC-05: old firmware's INFO
  auto reply = send_raw(port(),
                        "GET /iclock/getrequest?SN=Q1&INFO=Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201 HTTP/1.0\r\n\r\n");
  EXPECT_EQ(reply.status, 200);
  auto info = server_->api_get("/api/v1/devices/Q1")["info"];
  EXPECT_EQ(info["FWVersion"], "Ver 6.39 Apr 28 2008");
  EXPECT_EQ(info["IPAddress"], "192.168.1.201");
  EXPECT_EQ(server_->api_get("/api/v1/devices/Q1")["firmware"], "Ver 6.39 Apr 28 2008");
}

TEST_F(HttpQuirks, ExpectContinue) {
  auto reply = send_raw(port(), "POST /iclock/cdata?SN=Q1&table=ATTLOG HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                                "Content-Length: " + std::to_string(kPunch.size()) + "\r\n\r\n" + kPunch);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(punches(), 1u);
}

TEST_F(HttpQuirks, ChunkedRequestBody) {
  std::string a = kPunch.substr(0, 10), b = kPunch.substr(10);
  char hex_a[16], hex_b[16];
  std::snprintf(hex_a, sizeof hex_a, "%zx", a.size());
  std::snprintf(hex_b, sizeof hex_b, "%zx", b.size());
  auto reply = send_raw(port(), "POST /iclock/cdata?SN=Q1&table=ATTLOG HTTP/1.1\r\nHost: x\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n" + std::string(hex_a) + "\r\n" + a + "\r\n" +
                                    hex_b + "\r\n" + b + "\r\n0\r\n\r\n");
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(punches(), 1u);
}

TEST_F(HttpQuirks, FormContentTypeBodyIsNotSwallowed) {  // ACC-15
  auto reply = server_->post("/iclock/cdata?SN=Q1&table=ATTLOG", kPunch,
                             "Content-Type: application/x-www-form-urlencoded\r\n");
  EXPECT_EQ(reply.body, "OK: 1");
  EXPECT_EQ(punches(), 1u);
}

TEST_F(HttpQuirks, OddConnectionHeaderAndHostWithSpace) {  // D04, D08
  auto reply = send_raw(port(), "GET /iclock/ping?SN=Q1 HTTP/1.1\r\nHost: 58.250.50.81: 8011\r\n"
                                "Connection: starting\r\nAccept: application/push\r\n"
                                "Content-Type: application/push; charset=UTF-8\r\n\r\n");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK");
}

TEST_F(HttpQuirks, NulPaddedSerialInRequestLine) {
  static const char kRequest[] = "GET /iclock/getrequest?SN=Q1\0\0 HTTP/1.1\r\nHost: x\r\n\r\n";
  auto reply = send_raw(port(), std::string(kRequest, sizeof kRequest - 1));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK");
  EXPECT_EQ(server_->api_get("/api/v1/devices")["items"].size(), 1u);  // no second "Q1\0\0" device
}

TEST_F(HttpQuirks, CaseInsensitivePathsAndKeysAndAspxSuffix) {  // B10
  auto a = server_->post("/iClock/CDATA?sn=Q1&TABLE= attlog &stamp=3", kPunch);
  EXPECT_EQ(a.body, "OK: 1");
  auto b = server_->get("/iclock/getrequest.aspx?SN=Q1");
  EXPECT_EQ(b.body, "OK");
  EXPECT_EQ(punches(), 1u);
}

TEST_F(HttpQuirks, GarbageGetsAnErrorAndTheServerKeepsServing) {
  auto bad = send_raw(port(), "\x16\x03\x01 garbage\r\n\r\n");
  EXPECT_GE(bad.status, 400);
  EXPECT_EQ(server_->get("/iclock/ping?SN=Q1").body, "OK");
}

TEST_F(HttpQuirks, MissingSerialNumberIsABadRequest) {
  auto reply = server_->get("/iclock/getrequest");
  EXPECT_EQ(reply.status, 400);
}

TEST_F(HttpQuirks, EveryResponseHasDateAndContentLength) {
  auto reply = server_->get("/iclock/ping?SN=Q1");
  EXPECT_EQ(reply.header("content-length"), "2");
  // RFC 1123: "Sat, 21 Nov 2026 11:24:36 GMT"
  auto date = reply.header("date");
  ASSERT_EQ(date.size(), 29u) << date;
  EXPECT_EQ(date.substr(26), "GMT");
}

}  // namespace
}  // namespace zkpush::test
