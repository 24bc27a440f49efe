// The HTTP server: request bodies, delivered byte-exact whatever their
// Content-Type or framing, and Expect: 100-continue.
#include "server_fixture.h"

#include "support/eventually.h"

namespace zkpush::http {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::eventually;

// ---- bodies --------------------------------------------------------------------------

TEST_F(HttpServerTest, BodyWithoutContentTypeIsDeliveredUntouched) {  // R11
  std::string body = "1234\t2024-05-01 08:00:00\t0\t1\t\t0\t0\n";
  Reply r =
      check(exchange_once("POST /iclock/cdata?SN=GER-0001&table=ATTLOG&Stamp=9999 HTTP/1.1\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body));
  EXPECT_EQ(r.masked, ok("POST /iclock/cdata SN=GER-0001&table=ATTLOG&Stamp=9999 "
                         "/iclock/cdata?SN=GER-0001&table=ATTLOG&Stamp=9999 11 127.0.0.1\nContent-Length: " +
                             std::to_string(body.size()) + "\nConnection: close\n\n" + body,
                         "close"));
}

TEST_F(HttpServerTest, FormContentTypeBodyIsNotDecoded) {  // field-lessons §5.1
  std::string body = "ID=info8487&Return=0&CMD=DATA%20x+y\nID=fp7464&Return=0&CMD=DATA\n";
  Reply r = check(exchange_once(
      "POST /iclock/devicecmd?SN=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body));
  ASSERT_GE(r.body.size(), body.size());
  EXPECT_EQ(r.body.substr(r.body.size() - body.size()), body);
  EXPECT_NE(r.body.find("\nContent-Type: application/x-www-form-urlencoded\n"), std::string::npos);
}

TEST_F(HttpServerTest, BinaryBodyIsDeliveredByteExact) {
  std::string body;
  for (int i = 0; i < 256; ++i) body += static_cast<char>(i);
  Reply r = check(exchange_once(
      "POST /iclock/fdata?SN=1 HTTP/1.1\r\nContent-Length: 256\r\nConnection: close\r\n\r\n" + body));
  ASSERT_GE(r.body.size(), body.size());
  EXPECT_EQ(r.body.substr(r.body.size() - body.size()), body);
}

TEST_F(HttpServerTest, ChunkedRequestBody) {
  RawClient c(port());
  c.send(
      "POST /iclock/cdata?SN=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).masked, ok("POST /iclock/cdata SN=1 /iclock/cdata?SN=1 11 "
                                                "127.0.0.1\nTransfer-Encoding: chunked\n\nhello world"));
  c.send("GET /after-chunked HTTP/1.1\r\n\r\n");  // the connection is reusable
  EXPECT_EQ(check(c.read_response()).status, 200);
}

TEST_F(HttpServerTest, ExpectContinueGetsInterim100BeforeTheBody) {
  RawClient c(port());
  c.send(
      "POST /iclock/cdata?SN=1&table=OPERLOG HTTP/1.1\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(c.read_exactly(25), "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_TRUE(c.nothing_within(100ms));  // the final response waits for the body
  c.send("hello world");
  EXPECT_EQ(check(c.read_response()).masked,
            ok("POST /iclock/cdata SN=1&table=OPERLOG /iclock/cdata?SN=1&table=OPERLOG 11 127.0.0.1\n"
               "Content-Length: 11\nExpect: 100-continue\n\nhello world"));
}

TEST_F(HttpServerTest, ExpectContinueFromHttp10ClientToo) {  // the firmware speaks 1.0 (B7)
  RawClient c(port());
  c.send("POST /x HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(c.read_exactly(25), "HTTP/1.1 100 Continue\r\n\r\n");
  c.send("ok");
  Reply r = check(read_to_close(c));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(r.body.size() - 4), "\n\nok");
}

TEST_F(HttpServerTest, ExpectContinueWithTheBodyAlreadySentHasNoInterim) {
  Reply r =
      check(exchange_once("POST /x HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n"
                          "Connection: close\r\n\r\nok"));
  EXPECT_EQ(r.status, 200);
}

TEST_F(HttpServerTest, ExpectContinueWithTooLargeBodyGets413Instead) {
  RawClient c(port());
  c.send("POST /x HTTP/1.1\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(check(read_to_close(c)).masked, error_reply(413, "Content Too Large"));
}

}  // namespace
}  // namespace zkpush::http
