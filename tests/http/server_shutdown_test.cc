// The HTTP server: stopping with requests in flight, the drain deadline, and
// the connection limits per address and in total.
#include "server_fixture.h"

#include "support/eventually.h"

namespace zkpush::http {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::eventually;

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

}  // namespace
}  // namespace zkpush::http
