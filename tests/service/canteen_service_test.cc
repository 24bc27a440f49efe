// The canteen service without sockets or SQLite: which requests touch the
// store, and what a terminal is answered when storage fails.
#include <gtest/gtest.h>

#include "fake_store.h"
#include "protocol/canteen/route.h"
#include "protocol/query.h"
#include "protocol/route.h"
#include "service/canteen/canteen_service.h"

namespace zkpush::test {
namespace {

using service::DeviceReply;

class CanteenServiceTest : public ::testing::Test {
 protected:
  CanteenServiceTest()
      : devices_(store_, service::ServiceConfig{}, "/tmp/zkpush-canteen-service-test"), canteen_(store_, devices_) {
    EXPECT_TRUE(devices_.start().ok());
    EXPECT_TRUE(canteen_.start().ok());
  }

  DeviceReply request(const std::string& method, const std::string& target, const std::string& body = "") {
    const auto q = target.find('?');
    const std::string path = target.substr(0, q);
    const auto query = protocol::Query::parse(q == std::string::npos ? "" : target.substr(q + 1));
    const auto route = protocol::canteen::route_canteen(method, protocol::endpoint_name(path).value_or(""), query);
    std::optional<DeviceReply> reply;
    canteen_.handle(route, query, service::Peer{"10.0.0.8", "iClock Proxy/1.09"}, body,
                    [&reply](DeviceReply r) { reply = std::move(r); });
    EXPECT_TRUE(reply.has_value()) << target;  // the fake store commits synchronously
    return reply.value_or(DeviceReply{});
  }

  FakeStore store_;
  service::DeviceService devices_;
  service::canteen::CanteenService canteen_;
};

TEST_F(CanteenServiceTest, AnIdlePollNeverTouchesTheStore) {
  request("GET", "/iclock/cpos?SN=C1&options=all&device_type=30&IsConsumeFunType=3");
  request("GET", "/iclock/posrequest?SN=C1&type=pos&devno=0");
  const int before = store_.calls.load();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(request("GET", "/iclock/posrequest?SN=C1&type=pos&devno=0").body, "OK");
  request("GET", "/iclock/cpos?SN=C1&type=time");
  EXPECT_EQ(store_.calls.load(), before);
}

TEST_F(CanteenServiceTest, AnUploadThatCannotBeStoredIsNotAcknowledged) {
  request("GET", "/iclock/cpos?SN=C1&options=all&device_type=30");
  store_.fail_writes = true;
  auto reply = request("POST", "/iclock/cpos?SN=C1&table=BUYLOG&StampId=1",
                       "1\t2\t2026-11-28 12:00:00\t100\t900\t1\t0\t0\t\t1\t1");
  EXPECT_EQ(reply.kind, DeviceReply::Kind::kUnavailable);
  store_.fail_writes = false;
  reply = request("POST", "/iclock/cpos?SN=C1&table=BUYLOG&StampId=1", "1\t2\t2026-11-28 12:00:00\t100\t900\t1\t0\t0\t\t1\t1");
  EXPECT_EQ(reply.kind, DeviceReply::Kind::kOk);
  EXPECT_EQ(reply.body, "OK");
  const auto& ops = store_.committed.back().ops;
  ASSERT_FALSE(ops.empty());
  const auto* records = std::get_if<store::StoreCanteenRecords>(&ops[0]);
  ASSERT_NE(records, nullptr);
  ASSERT_EQ(records->transactions.size(), 1u);
  EXPECT_EQ(records->transactions[0].effects[0].amount, -100);  // a purchase debits the card
}

TEST_F(CanteenServiceTest, ExchangeIsRefusedAndACardRequestWithoutCardIsNo) {
  EXPECT_EQ(request("POST", "/iclock/exchange?SN=C1&type=publickey", "PublicKey=x").kind,
            DeviceReply::Kind::kNotImplemented);
  EXPECT_EQ(request("GET", "/iclock/posrequest?SN=C1&RepType=2").body, "NO");
  EXPECT_EQ(request("GET", "/iclock/posrequest?SN=C1&RepType=2&Card=404&Pwd=1").body, "NO");  // unknown card
  EXPECT_EQ(request("GET", "/iclock/cpos?type=time").kind, DeviceReply::Kind::kBadRequest);   // no SN
}

}  // namespace
}  // namespace zkpush::test
