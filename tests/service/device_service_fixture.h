// A DeviceService over a FakeStore, spoken to with terminal requests as the
// HTTP layer hands them over (method, target, body), for service unit tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "fake_store.h"
#include "protocol/query.h"
#include "protocol/route.h"
#include "service/device_service.h"

namespace zkpush::test {

using service::DeviceReply;

struct Call {
  DeviceReply reply;
  bool done = false;
};

class DeviceServiceTest : public ::testing::Test {
 protected:
  explicit DeviceServiceTest(service::ServiceConfig config = {})
      : service_(store_, std::move(config), "/tmp/zkpush-service-test") {
    EXPECT_TRUE(service_.start().ok());
  }

  // The answer: at once for a known device (the fake store commits
  // synchronously); a new one is registered on the service's reader thread.
  Call request(const std::string& method, const std::string& target, const std::string& body = "") {
    Call call;
    start(method, target, body, call);
    std::unique_lock lock(answered_mu_);
    EXPECT_TRUE(answered_.wait_for(lock, std::chrono::seconds(10), [&] { return call.done; })) << target;
    return call;
  }
  // Hands the request to the service; `call` is filled when it answers.
  void start(const std::string& method, const std::string& target, const std::string& body, Call& call) {
    auto q = target.find('?');
    std::string path = target.substr(0, q);
    auto query = protocol::Query::parse(q == std::string::npos ? "" : target.substr(q + 1));
    auto route = protocol::route_request(method, path, query, body);
    service_.handle(route, query, service::Peer{"10.0.0.7", "iClock Proxy/1.09"}, body, [this, &call](DeviceReply r) {
      std::lock_guard lock(answered_mu_);
      call.reply = std::move(r);
      call.done = true;
      answered_.notify_all();
    });
  }

  std::mutex answered_mu_;
  std::condition_variable answered_;
  FakeStore store_;
  service::DeviceService service_;
};

}  // namespace zkpush::test
