// The HTTP server: what it refuses (413, 431, 400) and when it gives up on a
// connection (read and idle timeouts).
#include "server_fixture.h"

#include "support/eventually.h"

namespace zkpush::http {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::eventually;

// ---- errors -----------------------------------------------------------------------------

TEST_F(HttpServerTest, OversizedBodyGets413EvenWhileTheClientKeepsSending) {
  std::string body(5000, 'x');
  RawClient c(port());
  c.send("POST /iclock/cdata?SN=BIG HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + body);
  EXPECT_EQ(check(read_to_close(c)).masked, error_reply(413, "Content Too Large"));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(HttpServerTest, AfterAnErrorResponseTheServerDrainsWhatTheClientStillSends) {
  // Closing a socket with unread input sends RST, which can destroy the
  // response in flight; so the server reads on (lingering close) until the
  // client is done.
  RawClient c(port());
  c.send("POST /iclock/fdata?SN=BIG HTTP/1.1\r\nContent-Length: 100000\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).status, 413);
  std::string chunk(16384, 'z');
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(20ms);
    EXPECT_TRUE(c.try_send(chunk)) << i << ": " << std::strerror(errno);
  }
  c.shutdown_write();
  EXPECT_TRUE(c.closed_within(1s));
}

TEST_F(HttpServerTest, OversizedChunkedBodyGets413) {
  std::string chunk(3000, 'y');
  RawClient c(port());
  c.send("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nBB8\r\n" + chunk + "\r\nBB8\r\n" + chunk +
         "\r\n0\r\n\r\n");
  EXPECT_EQ(check(read_to_close(c)).masked, error_reply(413, "Content Too Large"));
}

TEST_F(HttpServerTest, HeaderTooLargeGets431) {
  EXPECT_EQ(check(exchange_once("GET / HTTP/1.1\r\nX-Big: " + std::string(3000, 'a') + "\r\n\r\n")).masked,
            error_reply(431, "Request Header Fields Too Large"));
  // Without any end in sight: refused as soon as the limit is passed.
  RawClient c(port());
  c.send("GET /" + std::string(2100, 'a'));
  EXPECT_EQ(check(c.read_until_close(1s)).masked, error_reply(431, "Request Header Fields Too Large"));
}

TEST_F(HttpServerTest, TheHandlerChoosesTheBodyLimitFromTheRequestLine) {
  const std::string body(200, 'b');
  EXPECT_EQ(check(exchange_once("POST /small?SN=1 HTTP/1.1\r\nContent-Length: 200\r\n\r\n" + body)).masked,
            error_reply(413, "Content Too Large"));
  EXPECT_EQ(check(exchange_once("POST /small HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nC8\r\n" + body +
                                "\r\n0\r\n\r\n"))
                .masked,
            error_reply(413, "Content Too Large"));
  EXPECT_EQ(handler_.calls.load(), 0);
  auto r = check(exchange_once("POST /large HTTP/1.1\r\nConnection: close\r\nContent-Length: 200\r\n\r\n" + body));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(r.body.size() - 200), body);
}

TEST_F(HttpServerTest, TooManyHeaderLinesGet431) {
  std::string head = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 13; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(check(exchange_once(head + "\r\n")).masked, error_reply(431, "Request Header Fields Too Large"));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(HttpServerTest, TransferEncodingOtherThanChunkedGets400) {
  for (const char* coding : {"gzip", "chunked, gzip", "gzip, chunked", "identity"}) {
    SCOPED_TRACE(coding);
    EXPECT_EQ(check(exchange_once("POST /x HTTP/1.1\r\nTransfer-Encoding: "s + coding + "\r\n\r\n0\r\n\r\n")).masked,
              error_reply(400, "Bad Request"));
  }
  EXPECT_EQ(check(exchange_once("POST /x HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nok")).masked,
            error_reply(400, "Bad Request"));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(HttpServerTest, GarbageGets400) {
  EXPECT_EQ(check(exchange_once("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"s)).masked,
            error_reply(400, "Bad Request"));  // TLS ClientHello: no blank line will come
  EXPECT_EQ(check(exchange_once("GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n")).masked,
            error_reply(400, "Bad Request"));
  EXPECT_EQ(check(exchange_once("G(T / HTTP/1.1\r\n\r\n")).masked, error_reply(400, "Bad Request"));
  EXPECT_EQ(check(exchange_once("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")).masked,
            error_reply(400, "Bad Request"));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(HttpServerTest, ErrorAfterAGoodRequestOnTheSameConnection) {
  RawClient c(port());
  c.send("GET /ok HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).status, 200);
  EXPECT_EQ(check(read_to_close(c)).masked, error_reply(400, "Bad Request"));
}

TEST_F(HttpServerTest, IncompleteRequestIsClosedAfterReadTimeoutWithoutAnswer) {
  RawClient c(port());
  c.send("GET /iclock/cdata?SN=SLOW HTTP/1.1\r\nHost: a\r\n");
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_within(4s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1500ms);
}

TEST_F(HttpServerTest, IncompleteBodyIsClosedAfterReadTimeoutWithoutAnswer) {
  RawClient c(port());
  c.send("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_TRUE(c.closed_within(4s));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  RawClient c(port());
  c.send("GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).status, 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_within(4s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1500ms);
}

}  // namespace
}  // namespace zkpush::http
