// A real Server on 127.0.0.1:0, run by two event loops (IoPool), spoken to
// over plain POSIX sockets with raw bytes.
#include "http/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "http/http_date.h"
#include "support/eventually.h"
#include "support/raw_client.h"
#include "support/read_file.h"

namespace zkpush::http {
namespace {

using namespace std::chrono_literals;
using test::eventually;
using namespace std::string_literals;

// ---- the handler ------------------------------------------------------------

std::string escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", b);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// "<method> <path> <query> <target> <version> <remote_ip>\n" + "Name: value\n"
// per header + "\n" + body.
std::string echo(const Request& r) {
  std::string out = r.method + " " + escaped(r.path) + " " + r.query + " " + r.target + " " +
                    std::to_string(r.version) + " " + r.remote_ip + "\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\n";
  out += "\n";
  out += r.body;
  return out;
}

class TestHandler : public Handler {
 public:
  ~TestHandler() override { join(); }

  // "/small..." takes Limits::max_small_body_bytes, everything else the large limit.
  BodyClass body_class(std::string_view method, std::string_view target) const override {
    return target.rfind("/small", 0) == 0 ? BodyClass::kSmall : BodyClass::kLarge;
  }

  void handle(const Request& r, Responder respond) override {
    ++calls;
    if (r.path == "/async") {
      // Answers from another thread after a delay, as after a database commit.
      std::lock_guard lock(mutex_);
      threads_.emplace_back([respond, body = echo(r), delay = async_delay.load()] {
        std::this_thread::sleep_for(delay);
        respond(Response::text(body));
      });
      return;
    }
    if (r.path == "/throw") throw std::runtime_error("handler failure");
    if (r.path == "/drop") return;  // never answers: the layer must send 500
    if (r.path == "/twice") {
      respond(Response::text("first"));
      respond(Response::text("second"));
      return;
    }
    if (r.path == "/close") {
      Response response = Response::text("bye");
      response.close = true;
      respond(std::move(response));
      return;
    }
    if (r.path == "/json") {
      Response response = Response::text("{}", 201);
      response.content_type = "application/json";
      response.headers = {{"X-Test", "1"}, {"Content-Length", "99"}};
      respond(std::move(response));
      return;
    }
    respond(Response::text(echo(r)));
  }

  void join() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
  }

  std::atomic<int> calls{0};
  std::atomic<std::chrono::milliseconds> async_delay{200ms};

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

// ---- the client -------------------------------------------------------------

using test::RawClient;

// Everything until the close, which must come.
std::string read_to_close(RawClient& client) {
  std::string received = client.read_until_close();
  EXPECT_TRUE(client.closed()) << "the server did not close the connection";
  return received;
}

// ---- response checks ----------------------------------------------------------

struct Reply {
  std::string raw;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string masked;  // raw, with the Date value replaced by "<date>"

  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (strcasecmp(k.c_str(), std::string(name).c_str()) == 0) return v;
    return "<none>";
  }
  bool has(std::string_view name) const { return header(name) != "<none>"; }
};

// Parses a final response and checks what every response must have: Date
// (current, GMT), Server, Content-Type, Content-Length equal to the body,
// no Transfer-Encoding.
Reply check(std::string raw, bool head_request = false) {
  Reply r;
  r.raw = raw;
  std::size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.compare(0, 9, "HTTP/1.1 ") != 0) {
    ADD_FAILURE() << "not a response: " << testing::PrintToString(raw);
    return r;
  }
  r.status = std::stoi(raw.substr(9, 3));
  std::istringstream lines(raw.substr(0, end + 2));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    EXPECT_TRUE(!line.empty() && line.back() == '\r');
    line.pop_back();
    std::size_t colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << line;
    r.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  r.body = raw.substr(end + 4);

  std::string date = r.header("Date");
  std::int64_t now = std::time(nullptr);
  bool date_ok = false;
  for (std::int64_t t = now - 10; t <= now + 1; ++t) date_ok = date_ok || date == format_http_date(t);
  EXPECT_TRUE(date_ok) << "Date: " << date;
  EXPECT_EQ(r.header("Server"), "zkpush");
  EXPECT_TRUE(r.has("Content-Type"));
  EXPECT_FALSE(r.has("Transfer-Encoding"));
  EXPECT_TRUE(r.has("Content-Length"));
  if (!head_request) {
    EXPECT_EQ(r.header("Content-Length"), std::to_string(r.body.size()));
  }
  r.masked = raw;
  if (std::size_t p = r.masked.find("\r\nDate: "); p != std::string::npos) {
    r.masked.replace(p + 8, date.size(), "<date>");
  }
  return r;
}

// The exact bytes of a 200 text/plain response (Date masked).
std::string ok(std::string_view body, std::string_view connection = {}) {
  std::string out =
      "HTTP/1.1 200 OK\r\nDate: <date>\r\nServer: zkpush\r\nContent-Type: text/plain\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n";
  if (!connection.empty()) out += "Connection: " + std::string(connection) + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

std::string error_reply(int status, std::string_view reason) {
  std::string body = std::string(reason) + "\n";
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
         "\r\nDate: <date>\r\nServer: zkpush\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// ---- the fixture ----------------------------------------------------------------

class HttpServerTest : public ::testing::Test {
 protected:
  virtual Limits limits() {
    Limits l;
    l.max_header_bytes = 2048;
    l.max_header_count = 12;  // the field captures send up to 9 (D04)
    l.max_body_bytes = 4096;
    l.max_small_body_bytes = 100;
    l.read_timeout = 2s;
    l.idle_timeout = 2s;
    l.drain_timeout = 3s;
    return l;
  }

  void SetUp() override {
    server_ = std::make_unique<Server>(
        loops_, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0), handler_,
        limits(), "test");
    server_->start();
    threads_.emplace_back([this] { loops_.run(); });
  }

  void TearDown() override {
    server_->stop();
    loops_.finish();
    for (auto& t : threads_) t.join();  // returns once every connection is gone
    handler_.join();
    server_.reset();
  }

  unsigned short port() const { return server_->local_endpoint().port(); }

  // Sends `request` on a new connection and returns everything until the close.
  std::string exchange_once(std::string_view request) {
    RawClient c(port());
    c.send(request);
    return read_to_close(c);
  }

  IoPool loops_{2};
  TestHandler handler_;
  std::unique_ptr<Server> server_;
  std::vector<std::thread> threads_;
};

// ---- basic exchanges ---------------------------------------------------------------

TEST_F(HttpServerTest, BindsAnEphemeralLoopbackPort) {
  EXPECT_EQ(server_->local_endpoint().address().to_string(), "127.0.0.1");
  EXPECT_NE(port(), 0);
}

TEST_F(HttpServerTest, BindingABusyPortThrowsSystemError) {
  try {
    Server second(loops_, server_->local_endpoint(), handler_, limits(), "second");
    ADD_FAILURE() << "bound a port already in use";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::address_in_use) << e.what();
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port())), std::string::npos)
        << e.what();
  }
}

TEST_F(HttpServerTest, Http10FirmwareRequestIsAnsweredAndClosed) {  // B7's header set
  Reply r = check(
      exchange_once("GET /iclock/cdata?SN=CQZ7231360296&options=all HTTP/1.0\r\nHost: 127.0.0.1:8081\r\n"
                    "User-Agent: iClock Proxy/1.09\r\nConnection: close\r\nAccept: */*\r\n\r\n"));
  EXPECT_EQ(
      r.masked,
      ok("GET /iclock/cdata SN=CQZ7231360296&options=all /iclock/cdata?SN=CQZ7231360296&options=all 10 "
         "127.0.0.1\nHost: 127.0.0.1:8081\nUser-Agent: iClock Proxy/1.09\nConnection: close\nAccept: */*\n\n",
         "close"));
}

TEST_F(HttpServerTest, Http10WithoutConnectionHeaderCloses) {
  Reply r = check(exchange_once("GET /iclock/ping?SN=1 HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(r.masked, ok("GET /iclock/ping SN=1 /iclock/ping?SN=1 10 127.0.0.1\n\n", "close"));
}

TEST_F(HttpServerTest, Http11KeepAliveServesTwoRequestsOnOneConnection) {
  RawClient c(port());
  c.send("GET /iclock/getrequest?SN=1 HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).masked,
            ok("GET /iclock/getrequest SN=1 /iclock/getrequest?SN=1 11 127.0.0.1\nHost: a\n\n"));
  c.send("POST /iclock/cdata?SN=1&table=ATTLOG HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_EQ(check(c.read_response()).masked,
            ok("POST /iclock/cdata SN=1&table=ATTLOG /iclock/cdata?SN=1&table=ATTLOG 11 127.0.0.1\nHost: a\n"
               "Content-Length: 5\n\nhello"));
  EXPECT_TRUE(c.nothing_within(50ms));  // still open, nothing extra
  c.send("GET /third HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(check(read_to_close(c)).masked,
            ok("GET /third  /third 11 127.0.0.1\nConnection: close\n\n", "close"));
}

TEST_F(HttpServerTest, Http10KeepAliveIsHonouredAndAnnounced) {
  RawClient c(port());
  c.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).masked,
            ok("GET /a  /a 10 127.0.0.1\nConnection: keep-alive\n\n", "keep-alive"));
  c.send("GET /b HTTP/1.0\r\n\r\n");
  EXPECT_EQ(check(read_to_close(c)).masked, ok("GET /b  /b 10 127.0.0.1\n\n", "close"));
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  RawClient c(port());
  c.send(
      "POST /one HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
      "GET /two?x=1 HTTP/1.1\r\n\r\n"
      "\r\n"  // a stray CRLF after a message is ignored
      "GET /three HTTP/1.1\nConnection: close\n\n");
  EXPECT_EQ(check(c.read_response()).masked, ok("POST /one  /one 11 127.0.0.1\nContent-Length: 3\n\nabc"));
  EXPECT_EQ(check(c.read_response()).masked, ok("GET /two x=1 /two?x=1 11 127.0.0.1\n\n"));
  EXPECT_EQ(check(read_to_close(c)).masked,
            ok("GET /three  /three 11 127.0.0.1\nConnection: close\n\n", "close"));
}

TEST_F(HttpServerTest, HeadGetsContentLengthButNoBody) {
  RawClient c(port());
  c.send("HEAD /x HTTP/1.1\r\n\r\nGET /y HTTP/1.1\r\nConnection: close\r\n\r\n");
  Reply head = check(c.read_response(true), true);
  EXPECT_EQ(head.header("Content-Length"),
            std::to_string(std::string("HEAD /x  /x 11 127.0.0.1\n\n").size()));
  EXPECT_EQ(head.body, "");
  // The next bytes are the next response: nothing of the HEAD body was sent.
  EXPECT_EQ(check(read_to_close(c)).masked,
            ok("GET /y  /y 11 127.0.0.1\nConnection: close\n\n", "close"));
}

// ---- firmware quirks ------------------------------------------------------------------

TEST_F(HttpServerTest, AbsoluteFormTarget) {  // B7: proxy configured
  Reply r = check(exchange_once(
      "GET http://10.0.0.5:8081/iclock/getrequest?SN=1 HTTP/1.0\r\nHost: 10.0.0.5:8081\r\n\r\n"));
  EXPECT_EQ(r.masked,
            ok("GET /iclock/getrequest SN=1 /iclock/getrequest?SN=1 10 127.0.0.1\nHost: 10.0.0.5:8081\n\n",
               "close"));
}

TEST_F(HttpServerTest, RawSpacesInQuery) {
  Reply r = check(exchange_once(
      "GET /iclock/getrequest?SN=123&INFO=Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201 HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(r.masked,
            ok("GET /iclock/getrequest SN=123&INFO=Ver%206.39%20Apr%2028%202008,2,0,0,192.168.1.201 "
               "/iclock/getrequest?SN=123&INFO=Ver%206.39%20Apr%2028%202008,2,0,0,192.168.1.201 10 "
               "127.0.0.1\n\n",
               "close"));
}

TEST_F(HttpServerTest, NulBytesInTarget) {  // NUL-padded SN; a NUL in the path decodes to NUL
  Reply r = check(exchange_once("GET /iclock/cd\0ata?SN=ABC\0\0 HTTP/1.0\r\n\r\n"s));
  EXPECT_EQ(r.masked, ok("GET /iclock/cd\\x00ata SN=ABC%00%00 /iclock/cd%00ata?SN=ABC%00%00 10 127.0.0.1\n\n",
                         "close"));
}

TEST_F(HttpServerTest, MissingVersionIsHttp10) {
  Reply r = check(exchange_once("GET /iclock/ping?SN=1\r\n\r\n"));
  EXPECT_EQ(r.masked, ok("GET /iclock/ping SN=1 /iclock/ping?SN=1 10 127.0.0.1\n\n", "close"));
}

TEST_F(HttpServerTest, CaptureR36FileNameUrl) {
  Reply r = check(exchange_once("GET /iclock/FileName=options.cfg? HTTP/1.1\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(r.masked, ok("GET /iclock/FileName=options.cfg  /iclock/FileName=options.cfg? 11 127.0.0.1\n"
                         "Connection: close\n\n",
                         "close"));
}

TEST_F(HttpServerTest, LfOnlyHeadFoldsAndBlanksBeforeColon) {
  RawClient c(port());
  c.send("POST /iclock/cdata?SN=2 HTTP/1.1\nHost : a\nX-Long: one\n  two\nContent-Length: 2\n\nok");
  EXPECT_EQ(check(c.read_response()).masked,
            ok("POST /iclock/cdata SN=2 /iclock/cdata?SN=2 11 127.0.0.1\nHost: a\nX-Long: one two\n"
               "Content-Length: 2\n\nok"));
}

TEST_F(HttpServerTest, ConnectionStartingIsTheVersionDefault) {  // D04
  RawClient c(port());
  c.send("GET /iclock/ping?SN=3383154200002 HTTP/1.1\r\nConnection: starting\r\n\r\n");
  Reply first = check(c.read_response());
  EXPECT_FALSE(first.has("Connection"));
  EXPECT_EQ(first.masked, ok("GET /iclock/ping SN=3383154200002 /iclock/ping?SN=3383154200002 11 127.0.0.1\n"
                             "Connection: starting\n\n"));
  c.send("GET /again HTTP/1.1\r\n\r\n");  // still open
  EXPECT_EQ(check(c.read_response()).status, 200);

  Reply old = check(exchange_once("GET /x HTTP/1.0\r\nConnection: starting\r\n\r\n"));
  EXPECT_EQ(old.header("Connection"), "close");
}

TEST_F(HttpServerTest, HostWithSpacePassesThrough) {  // D08
  Reply r =
      check(exchange_once("POST /iclock/devicecmd?SN=0316144680030 HTTP/1.1\r\nHost: 58.250.50.81: 8011\r\n"
                          "Connection: close\r\nContent-Length: 4\r\n\r\nID=1"));
  EXPECT_NE(r.body.find("\nHost: 58.250.50.81: 8011\n"), std::string::npos) << r.body;
}

TEST_F(HttpServerTest, HeadThatGrowsWhenNormalisedStillParses) {
  // 1900 raw spaces fit max_header_bytes (2048); encoded they take 5700.
  std::string spaces(1900, ' ');
  std::string encoded;
  for (int i = 0; i < 1900; ++i) encoded += "%20";
  Reply r = check(exchange_once("GET /s?x=" + spaces + "y HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(r.masked, ok("GET /s x=" + encoded + "y /s?x=" + encoded + "y 10 127.0.0.1\n\n", "close"));
}

TEST_F(HttpServerTest, SlowClientSendingTinyPieces) {
  std::string request =
      "POST /iclock/cdata?SN=9 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nConnection: close\r\n\r\nBODY";
  RawClient c(port());
  for (std::size_t i = 0; i < request.size(); i += 3) {
    c.send(std::string_view(request).substr(i, 3));
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_EQ(check(read_to_close(c)).masked,
            ok("POST /iclock/cdata SN=9 /iclock/cdata?SN=9 11 127.0.0.1\nHost: a\nContent-Length: 4\n"
               "Connection: close\n\nBODY",
               "close"));
}

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

// ---- handlers -------------------------------------------------------------------------

TEST_F(HttpServerTest, AsyncResponderFromAnotherThread) {
  RawClient c(port());
  auto start = std::chrono::steady_clock::now();
  c.send("GET /async?SN=7 HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(eventually([&] { return server_->in_flight() == 1; }));
  EXPECT_EQ(check(c.read_response()).masked, ok("GET /async SN=7 /async?SN=7 11 127.0.0.1\n\n"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 190ms);
  EXPECT_TRUE(eventually([&] { return server_->in_flight() == 0; }));
  // No read timeout applies while the handler works.
  handler_.async_delay = 2500ms;  // longer than read_timeout and idle_timeout
  c.send("GET /async HTTP/1.1\r\n\r\n");
  EXPECT_EQ(check(c.read_response(false, 5s)).status, 200);
}

TEST_F(HttpServerTest, HandlerExceptionGets500) {
  RawClient c(port());
  c.send("GET /throw HTTP/1.1\r\n\r\n");
  Reply r = check(c.read_response());
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, "Internal Server Error\n");
  c.send("GET /still-alive HTTP/1.1\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).status, 200);
}

TEST_F(HttpServerTest, DroppedResponderGets500) {
  RawClient c(port());
  c.send("GET /drop HTTP/1.1\r\n\r\n");
  Reply r = check(c.read_response());
  EXPECT_EQ(r.status, 500);
  EXPECT_TRUE(eventually([&] { return server_->in_flight() == 0; }));
}

TEST_F(HttpServerTest, SecondResponderCallIsIgnored) {
  RawClient c(port());
  c.send("GET /twice HTTP/1.1\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).masked, ok("first"));
  c.send("GET /next HTTP/1.1\r\n\r\n");
  EXPECT_EQ(check(c.read_response()).masked, ok("GET /next  /next 11 127.0.0.1\n\n"));
}

TEST_F(HttpServerTest, ResponseCloseForcesClose) {
  EXPECT_EQ(check(exchange_once("GET /close HTTP/1.1\r\n\r\n")).masked, ok("bye", "close"));
}

TEST_F(HttpServerTest, ContentTypeStatusAndExtraHeadersFromTheResponse) {
  EXPECT_EQ(check(exchange_once("GET /json HTTP/1.0\r\n\r\n")).masked,
            "HTTP/1.1 201 Created\r\nDate: <date>\r\nServer: zkpush\r\nContent-Type: application/json\r\n"
            "Content-Length: 2\r\nConnection: close\r\nX-Test: 1\r\n\r\n{}");
}

TEST_F(HttpServerTest, ManyConcurrentClients) {
  std::vector<std::thread> clients;
  std::atomic<int> good{0};
  const unsigned short p = port();
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        std::string target = "/iclock/getrequest?SN=T" + std::to_string(t) + "-" + std::to_string(i);
        RawClient c(p);
        c.send("GET " + target + " HTTP/1.0\r\n\r\n");
        std::string raw = read_to_close(c);
        if (raw.find(" " + target + " 10 ") != std::string::npos &&
            raw.compare(0, 15, "HTTP/1.1 200 OK") == 0)
          ++good;
      }
      RawClient keep(p);
      for (int i = 0; i < 25; ++i) {
        keep.send("POST /k HTTP/1.1\r\nContent-Length: 1\r\n\r\n" + std::to_string(i % 10));
        std::string raw = keep.read_response();
        if (!raw.empty() && raw.back() == static_cast<char>('0' + i % 10)) ++good;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(good.load(), 8 * 50);
}

// ---- shutdown -----------------------------------------------------------------------------

TEST_F(HttpServerTest, StopClosesIdleConnectionsAnswersInFlightAndRefusesNewOnes) {
  RawClient idle(port());
  idle.send("GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(check(idle.read_response()).status, 200);
  ASSERT_TRUE(eventually([&] { return server_->in_flight() == 0; }));

  RawClient busy(port());
  handler_.async_delay = 500ms;
  busy.send("GET /async HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(eventually([&] { return server_->in_flight() == 1; }));

  server_->stop();
  EXPECT_TRUE(idle.closed_within(1s));  // well before idle_timeout
  Reply r = check(read_to_close(busy));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(eventually([&] { return server_->in_flight() == 0; }));
  EXPECT_TRUE(eventually([&] { return !RawClient(port()).connected(); }));
}

class HttpDrainTimeoutTest : public HttpServerTest {
 protected:
  Limits limits() override {
    Limits l = HttpServerTest::limits();
    l.drain_timeout = std::chrono::seconds(1);
    return l;
  }
};

TEST_F(HttpDrainTimeoutTest, ConnectionsStillBusyAtTheDeadlineAreAborted) {
  RawClient busy(port());
  handler_.async_delay = 2500ms;
  busy.send("GET /async HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(eventually([&] { return server_->in_flight() == 1; }));
  auto start = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_TRUE(busy.closed_within(2s));  // no response: aborted at the drain deadline
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 900ms);
  EXPECT_LT(elapsed, 2000ms);
  // The late response still runs on the (kept-busy) loop and releases
  // the request, although its connection is gone.
  EXPECT_EQ(server_->in_flight(), 1u);
  EXPECT_TRUE(eventually([&] { return server_->in_flight() == 0; }, 4s));
}

class HttpConnectionLimitTest : public HttpServerTest {
 protected:
  Limits limits() override {
    Limits l = HttpServerTest::limits();
    l.max_connections_per_ip = 4;
    return l;
  }
};

TEST_F(HttpConnectionLimitTest, ConnectionsFromOneAddressOverTheLimitGet503) {
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawClient>(port()));
  ASSERT_TRUE(eventually([&] { return server_->connections() == 4; }));
  const std::string body = "ERROR: too many connections from this address\n";
  EXPECT_EQ(check(exchange_once("GET / HTTP/1.1\r\n\r\n")).masked,
            "HTTP/1.1 503 Service Unavailable\r\nDate: <date>\r\nServer: zkpush\r\nContent-Type: text/plain\r\n"
            "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\nRetry-After: 10\r\n\r\n" +
                body);
  EXPECT_EQ(handler_.calls.load(), 0);
  held.pop_back();  // one slot free again
  ASSERT_TRUE(eventually([&] { return server_->connections() == 3; }));
  EXPECT_EQ(check(exchange_once("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).status, 200);
}

class HttpTotalConnectionLimitTest : public HttpServerTest {
 protected:
  Limits limits() override {
    Limits l = HttpServerTest::limits();
    l.max_connections = 2;
    l.max_connections_per_ip = 0;
    return l;
  }
};

TEST_F(HttpTotalConnectionLimitTest, ConnectionsOverTheTotalAreClosedUnanswered) {
  RawClient a(port()), b(port());
  ASSERT_TRUE(eventually([&] { return server_->connections() == 2; }));
  RawClient refused(port());
  EXPECT_TRUE(refused.closed_within(2s));
  EXPECT_EQ(server_->connections(), 2u);
  a.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(check(read_to_close(a)).status, 200);
  ASSERT_TRUE(eventually([&] { return server_->connections() == 1; }));
  RawClient c(port());
  c.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(check(read_to_close(c)).status, 200);
}

// ---- the field captures ---------------------------------------------------------------------

#ifdef ZKPUSH_CAPTURES_DIR
TEST_F(HttpServerTest, EveryFieldCaptureIsAccepted) {
  namespace fs = std::filesystem;
  int replayed = 0;
  for (const auto& entry : fs::directory_iterator(ZKPUSH_CAPTURES_DIR)) {
    if (entry.path().extension() != ".http") continue;
    std::string raw = test::read_file(entry.path());
    std::size_t end = raw.find("\r\n\r\n");
    ASSERT_NE(end, std::string::npos) << entry.path();
    std::string head = raw.substr(0, end + 2);
    std::string body = raw.substr(end + 4);
    // As replay.py does: a body needs a Content-Length (and R06's source one
    // is for its unelided body).
    std::string lower = head;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (std::size_t p = lower.find("\r\ncontent-length:"); p != std::string::npos) {
      head.erase(p + 2, head.find("\r\n", p + 2) - p);
    }
    if (!body.empty()) head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    SCOPED_TRACE(entry.path().filename().string());
    RawClient c(port());
    c.send(head + "\r\n" + body);
    Reply r = check(c.read_response());
    EXPECT_EQ(r.status, 200);
    ASSERT_GE(r.body.size(), body.size());
    EXPECT_EQ(r.body.substr(r.body.size() - body.size()), body);
    EXPECT_EQ(r.body.compare(0, 4, head.substr(0, 4)), 0);  // the method
    ++replayed;
  }
  EXPECT_GE(replayed, 40);
}
#endif

}  // namespace
}  // namespace zkpush::http
