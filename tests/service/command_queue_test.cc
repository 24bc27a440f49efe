// The command queue on virtual time: a command goes out with the next poll,
// a reply completes it, and one without a reply is sent again after the
// timeout and then expires, without a test that sleeps.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
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
  // The last SettleOverdueCommands the service asked of the store.
  std::optional<store::SettleOverdueCommands> last_settle() const {
    auto settles = store_.committed_ops<store::SettleOverdueCommands>();
    if (settles.empty()) return std::nullopt;
    return settles.back();
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

TEST_F(CommandQueueTest, AReplyIsRecordedAgainstItsCommand) {
  const std::string id = queue("INFO");
  ASSERT_EQ(poll(), "C:" + id + ":INFO\n");
  store_.queued.clear();
  EXPECT_EQ(request("POST", "/iclock/devicecmd?SN=Q1", "ID=" + id + "&Return=0&CMD=INFO\n").reply.body, "OK");
  const auto replies = store_.committed_ops<store::RecordCommandReply>();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].reply.id, id);
  EXPECT_EQ(replies[0].reply.return_code, 0);
}

// Which commands are overdue is the store's call (the delivery time is
// stored with each command; tests/store/command_queue_test.cc): the service
// asks every second, with the deadline its clock and timeout give.
TEST_F(CommandQueueTest, EveryTickSettlesWhatWasSentBeforeTheTimeout) {
  advance(5s);
  auto settle = last_settle();
  ASSERT_TRUE(settle.has_value());
  EXPECT_EQ(settle->sent_before, kStart + 5000 - 60000);
  EXPECT_EQ(settle->max_deliveries, 1);
  EXPECT_EQ(settle->now, kStart + 5000);
}

TEST_F(CommandQueueTest, ACommandQueuedAgainGoesOutWithTheNextPoll) {
  const std::string id = queue("INFO");
  ASSERT_EQ(poll(), "C:" + id + ":INFO\n");
  const std::vector<store::CommandRow> row = store_.queued;
  store_.queued.clear();
  EXPECT_EQ(poll(), "OK");
  const int reads = store_.calls;
  EXPECT_EQ(poll(), "OK");
  EXPECT_EQ(store_.calls, reads) << "an idle poll read the store";

  store_.queued = row;
  store_.requeue_on_settle = {device_->id()};
  advance(60s);
  EXPECT_EQ(poll(), "C:" + id + ":INFO\n");  // the second delivery
}

}  // namespace
}  // namespace zkpush::test
