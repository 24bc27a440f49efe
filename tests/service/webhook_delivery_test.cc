// Webhook delivery (webhooks.h) over the fake store, with a receiver in
// process that answers with the statuses a test gives it (the real HTTP path
// is covered by tests/integration/webhook_test.cc): every POST signed, a
// failed one retried with the same body until a 2xx, the cursor moved only
// by a delivery or by giving up, then the next event.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "fake_store.h"
#include "service/event_hub.h"
#include "service/webhooks.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

using namespace std::chrono_literals;

// Answers each POST with the next of `statuses` (200 once they run out) and
// keeps every request.
class ScriptedReceiver : public service::WebhookTransport {
 public:
  struct Post {
    std::string url, body;
    std::map<std::string, std::string> headers;
  };
  explicit ScriptedReceiver(std::deque<int> statuses) : statuses_(std::move(statuses)) {}

  boost::asio::awaitable<service::PostResult> post(const std::string& url,
                                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                                   const std::string& body) override {
    std::lock_guard lock(mu_);
    posts_.push_back({url, body, {headers.begin(), headers.end()}});
    const int status = statuses_.empty() ? 200 : statuses_.front();
    if (!statuses_.empty()) statuses_.pop_front();
    co_return service::PostResult{status, status == 200 ? "" : "not now"};
  }
  std::vector<Post> posts() const {
    std::lock_guard lock(mu_);
    return posts_;
  }

 private:
  mutable std::mutex mu_;
  std::deque<int> statuses_;  // guarded by mu_
  std::vector<Post> posts_;   // guarded by mu_
};

const std::string kSecret = "s3cret";

class WebhookDeliveryTest : public ::testing::Test {
 protected:
  // Two events on file and one webhook for every kind; `statuses` are the receiver's answers.
  void deliver(std::deque<int> statuses, int max_attempts, std::chrono::milliseconds first_backoff = 1ms) {
    store_.events = {{1, "command.completed", 1000, R"({"id":"5"})"}, {2, "device.registered", 2000, R"({"sn":"W1"})"}};
    store::WebhookRow row;
    row.id = 1;
    row.url = "http://receiver.test/hook";
    row.secret = kSecret;
    store_.webhooks_on_file = {row};
    receiver_ = std::make_unique<ScriptedReceiver>(std::move(statuses));
    service::WebhookOptions options;
    options.max_attempts = max_attempts;
    options.first_backoff = first_backoff;
    options.max_backoff = std::max<std::chrono::milliseconds>(first_backoff, 4ms);
    dispatcher_ = std::make_unique<service::WebhookDispatcher>(store_, hub_, *receiver_, options);
    hub_.start();
    dispatcher_->start();
  }
  // Stops the hub's thread, after which the store may be read.
  void settle() { hub_.stop(); }
  // The dispatcher's coroutines live on the hub's loop: stop it before they go.
  void TearDown() override { hub_.stop(); }
  std::vector<store::RecordDelivery> deliveries() const { return store_.committed_ops<store::RecordDelivery>(); }

  FakeStore store_;
  service::EventHub hub_;
  std::unique_ptr<ScriptedReceiver> receiver_;
  std::unique_ptr<service::WebhookDispatcher> dispatcher_;
};

TEST_F(WebhookDeliveryTest, AFailedPostIsRetriedWithTheSameEventUntilItIsTakenThenTheNextEventGoes) {
  deliver({500, 503}, 15);
  ASSERT_TRUE(eventually([&] { return dispatcher_->delivered() == 2; }));
  settle();
  const auto posts = receiver_->posts();
  ASSERT_EQ(posts.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(posts[i].headers.at("X-Zkpush-Event-Id"), "evt-1");
    EXPECT_EQ(posts[i].body, posts[0].body);
  }
  EXPECT_EQ(posts[3].headers.at("X-Zkpush-Event-Id"), "evt-2");
  EXPECT_EQ(posts[3].headers.at("X-Zkpush-Event"), "device.registered");
  for (const auto& post : posts) {
    EXPECT_EQ(post.url, "http://receiver.test/hook");
    EXPECT_EQ(post.headers.at("X-Zkpush-Signature"),
              service::WebhookDispatcher::signature(kSecret, post.headers.at("X-Zkpush-Timestamp"), post.body));
  }
  EXPECT_EQ(dispatcher_->failed_attempts(), 2u);

  // The cursor moves with the delivery, never with a failed attempt.
  const auto records = deliveries();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].status, store::DeliveryStatus::kFailing);
  EXPECT_EQ(records[0].http_status, 500);
  EXPECT_FALSE(records[0].settle_to.has_value());
  EXPECT_FALSE(records[1].settle_to.has_value());
  EXPECT_EQ(records[2].status, store::DeliveryStatus::kDelivered);
  ASSERT_TRUE(records[2].settle_to.has_value());
  EXPECT_EQ(records[2].settle_to->event, 1);
  ASSERT_TRUE(records[3].settle_to.has_value());
  EXPECT_EQ(records[3].settle_to->event, 2);
}

TEST_F(WebhookDeliveryTest, AfterMaxAttemptsTheEventIsGivenUpAndTheCursorMovesOnToTheNext) {
  deliver({500, 500, 500}, 3);
  ASSERT_TRUE(eventually([&] { return dispatcher_->delivered() == 1; }));
  settle();
  const auto posts = receiver_->posts();
  ASSERT_EQ(posts.size(), 4u);
  EXPECT_EQ(posts[2].headers.at("X-Zkpush-Event-Id"), "evt-1");
  EXPECT_EQ(posts[3].headers.at("X-Zkpush-Event-Id"), "evt-2");
  const auto records = deliveries();
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[2].status, store::DeliveryStatus::kGivenUp);
  ASSERT_TRUE(records[2].settle_to.has_value());
  EXPECT_EQ(records[2].settle_to->event, 1);
  EXPECT_EQ(records[3].status, store::DeliveryStatus::kDelivered);
}

TEST_F(WebhookDeliveryTest, AFailedPostWaitsItsBackOffUntilAManualRetryCutsItShort) {
  deliver({500}, 15, std::chrono::hours(1));
  // failed_attempts counts just before the back-off starts, on the hub's
  // thread: retry() (posted to that thread) comes after the wait began.
  ASSERT_TRUE(eventually([&] { return dispatcher_->failed_attempts() == 1; }));
  EXPECT_EQ(receiver_->posts().size(), 1u);
  dispatcher_->retry(1);
  ASSERT_TRUE(eventually([&] { return dispatcher_->delivered() == 2; }));
  settle();
  EXPECT_EQ(receiver_->posts().size(), 3u);  // evt-1 twice, then evt-2
}

// A node that loses the webhooks lease while an event it wants is failing
// leaves the cursor before that event: the unwanted events after it in the
// same read must not carry the cursor past it, or the next holder of the
// lease would resume beyond an event nobody delivered.
TEST_F(WebhookDeliveryTest, LosingTheLeaseMidBatchNeverMovesTheCursorPastAnUndeliveredEvent) {
  store_.events = {{1, "device.registered", 1000, R"({"sn":"W1"})"}, {2, "command.completed", 2000, R"({"id":"5"})"}};
  store::WebhookRow row;
  row.id = 1;
  row.url = "http://receiver.test/hook";
  row.secret = kSecret;
  row.kinds = {"device.registered"};
  store_.webhooks_on_file = {row};
  receiver_ = std::make_unique<ScriptedReceiver>(std::deque<int>{500});
  // Held for the run loop's look and the first attempt, lost for the retry
  // after the back-off and from then on.
  std::atomic<int> looks{0};
  service::WebhookOptions options;
  options.first_backoff = 1ms;
  options.max_backoff = 1ms;
  options.may_deliver = [&looks] { return ++looks <= 2; };
  dispatcher_ = std::make_unique<service::WebhookDispatcher>(store_, hub_, *receiver_, options);
  hub_.start();
  dispatcher_->start();
  // The fourth look is the run loop's, after the batch: what it commits is committed.
  ASSERT_TRUE(eventually([&] { return looks.load() >= 4; }));
  settle();
  EXPECT_EQ(receiver_->posts().size(), 1u);
  for (const auto& advance : store_.committed_ops<store::AdvanceWebhook>())
    EXPECT_EQ(advance.cursor.event, 0) << "the cursor moved past evt-1, which was never delivered";
  for (const auto& record : deliveries()) EXPECT_FALSE(record.settle_to.has_value());
}

TEST(WebhookSignature, IsTheHmacOfTimestampDotBodyUnderTheSecret) {
  // Computed outside zkpush (Python's hmac module).
  EXPECT_EQ(service::WebhookDispatcher::signature("a-receiver-secret", "1764316800", R"({"id":"att-1"})"),
            "sha256=f62b18b97286aa9661659a8b57e92bdbd494e32b547fe8886c7d944e74ebff84");
}

}  // namespace
}  // namespace zkpush::test
