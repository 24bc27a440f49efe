// The fixture of the HTTP server's tests: a real Server on 127.0.0.1:0, run
// by two event loops (IoPool), a handler that echoes what it was given (or
// misbehaves on purpose, by path), and the checks every response must pass.
// The tests speak to it over plain POSIX sockets with raw bytes.
#pragma once

#include <gtest/gtest.h>
#include <strings.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "http/http_date.h"
#include "http/server.h"
#include "support/raw_client.h"

namespace zkpush::http {

using namespace std::chrono_literals;

// ---- the handler ------------------------------------------------------------

inline std::string escaped(std::string_view s) {
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
inline std::string echo(const Request& r) {
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
inline std::string read_to_close(RawClient& client) {
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
inline Reply check(std::string raw, bool head_request = false) {
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
inline std::string ok(std::string_view body, std::string_view connection = {}) {
  std::string out =
      "HTTP/1.1 200 OK\r\nDate: <date>\r\nServer: zkpush\r\nContent-Type: text/plain\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n";
  if (!connection.empty()) out += "Connection: " + std::string(connection) + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

inline std::string error_reply(int status, std::string_view reason) {
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


}  // namespace zkpush::http
