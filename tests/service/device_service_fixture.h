// A DeviceService over a FakeStore, spoken to with terminal requests as the
// HTTP layer hands them over (method, target, body), for service unit tests.
#pragma once

#include <gtest/gtest.h>

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

  Call request(const std::string& method, const std::string& target, const std::string& body = "") {
    Call call;
    start(method, target, body, call);
    EXPECT_TRUE(call.done) << target;  // the fake store commits synchronously
    return call;
  }
  // Hands the request to the service; `call` is filled when it answers.
  void start(const std::string& method, const std::string& target, const std::string& body, Call& call) {
    auto q = target.find('?');
    std::string path = target.substr(0, q);
    auto query = protocol::Query::parse(q == std::string::npos ? "" : target.substr(q + 1));
    auto route = protocol::route_request(method, path, query, body);
    service_.handle(route, query, service::Peer{"10.0.0.7", "iClock Proxy/1.09"}, body, [&call](DeviceReply r) {
      call.reply = std::move(r);
      call.done = true;
    });
  }

  FakeStore store_;
  service::DeviceService service_;
};

}  // namespace zkpush::test
