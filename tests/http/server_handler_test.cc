// The HTTP server and its handler: answers from other threads, a handler that
// throws, never answers or answers twice, response headers, many clients.
#include "server_fixture.h"

#include "support/eventually.h"

namespace zkpush::http {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::eventually;

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

}  // namespace
}  // namespace zkpush::http
