// The command queue on virtual time: a command goes out with the next poll,
// a reply completes it, and one without a reply is sent again after the
// timeout and then expires, without a test that sleeps.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "device_service_fixture.h"

namespace zkpush::test {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kStart = 1'800'000'000'000;  // the virtual clock's first reading (2027)

service::ServiceConfig one_retry_after_a_minute() {
  service::ServiceConfig config;
  config.clock = ServiceClock::virtual_at(kStart);
  config.command_timeout = 60s;
  config.command_retries = 1;
  return config;
}

class CommandQueueTest : public DeviceServiceTest {
 protected:
  CommandQueueTest() : DeviceServiceTest(one_retry_after_a_minute()) {
    request("GET", "/iclock/cdata?SN=Q1&options=all&pushver=2.4.1");
    device_ = service_.registry().find("Q1");
  }

  // Queues `text`; the fake store then holds it as the device's queued row.
  std::string queue(const std::string& text) {
    std::string id;
    service_.commands().enqueue(device_, text, [&id](Result<std::string> r) { id = *r; });
    store::CommandRow row;
    row.id = id;
    row.command = text;
    store_.queued = {row};
    return id;
  }
  std::string poll() { return request("GET", "/iclock/getrequest?SN=Q1").reply.body; }
  // Virtual time passes, and the server's once-a-second tick sees it.
  void advance(std::chrono::milliseconds by) {
    service_.config().clock.advance(by);
    service_.tick(service_.config().clock.now_ms());
  }
  std::vector<std::string> requeued() const {
    std::vector<std::string> ids;
    for (const auto& op : store_.committed_ops<store::RequeueCommands>()) ids.insert(ids.end(), op.ids.begin(), op.ids.end());
    return ids;
  }
  std::vector<std::string> expired() const {
    std::vector<std::string> ids;
    for (const auto& op : store_.committed_ops<store::ExpireCommands>()) ids.insert(ids.end(), op.ids.begin(), op.ids.end());
    return ids;
  }

  std::shared_ptr<service::Device> device_;
};

TEST_F(CommandQueueTest, AQueuedCommandGoesOutWithTheNextPollMarkedSentAtThatTime) {
  const std::string id = queue("INFO");
  advance(5s);
  EXPECT_EQ(poll(), "C:" + id + ":INFO\n");
  const auto marks = store_.committed_ops<store::MarkCommandsSent>();
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].ids, std::vector<std::string>{id});
  EXPECT_EQ(marks[0].now, kStart + 5000);
  store_.queued.clear();
  EXPECT_EQ(poll(), "OK");  // delivered once: the next poll is answered from memory
}

TEST_F(CommandQueueTest, AReplyCompletesTheCommandAndNoTimeoutTouchesItAfterwards) {
  const std::string id = queue("INFO");
  ASSERT_EQ(poll(), "C:" + id + ":INFO\n");
  store_.queued.clear();
  EXPECT_EQ(request("POST", "/iclock/devicecmd?SN=Q1", "ID=" + id + "&Return=0&CMD=INFO\n").reply.body, "OK");
  const auto replies = store_.committed_ops<store::RecordCommandReply>();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].reply.id, id);
  EXPECT_EQ(replies[0].reply.return_code, 0);
  advance(10min);
  EXPECT_TRUE(requeued().empty());
  EXPECT_TRUE(expired().empty());
}

TEST_F(CommandQueueTest, AnUnansweredCommandIsSentAgainAfterTheTimeoutThenExpires) {
  const std::string id = queue("INFO");
  ASSERT_EQ(poll(), "C:" + id + ":INFO\n");
  advance(59s);
  EXPECT_TRUE(requeued().empty()) << "re-queued before its timeout";
  advance(1s);
  EXPECT_EQ(requeued(), std::vector<std::string>{id});
  EXPECT_TRUE(expired().empty()) << "a retry was left";

  store_.queued[0].deliveries = 1;
  EXPECT_EQ(poll(), "C:" + id + ":INFO\n");  // the second delivery
  store_.queued.clear();
  advance(59s);
  EXPECT_TRUE(expired().empty()) << "expired before the second delivery's timeout";
  advance(1s);
  EXPECT_EQ(expired(), std::vector<std::string>{id});
  EXPECT_EQ(requeued().size(), 1u) << "re-queued beyond command_retries";
  EXPECT_EQ(poll(), "OK");
}

TEST_F(CommandQueueTest, TheTimeoutCountsFromTheDeliveryNotFromTheQueueing) {
  const std::string id = queue("INFO");
  advance(10min);  // the terminal was away
  ASSERT_EQ(poll(), "C:" + id + ":INFO\n");
  advance(59s);
  EXPECT_TRUE(requeued().empty());
  EXPECT_TRUE(expired().empty());
}

}  // namespace
}  // namespace zkpush::test
