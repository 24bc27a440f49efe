// What the contracts with HR systems keep in the store, on both databases:
// connectors' settings changed in place (their cursor and delivery log
// stay) and their delivery summary; the cluster's shared secrets, set once;
// persons counted and paged by number (BioTime's employees).
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using HrContractsTest = StoreTest;

TEST_P(HrContractsTest, AConnectorsConfigChangesInPlaceAndItsDeliveriesAreSummed) {
  WebhookRow row;
  row.url = "https://erp.example.com";
  row.secret = "s";
  row.target = "erpnext";
  row.config = R"({"url":"https://erp.example.com"})";
  row.cursor = {5, 0, 0};
  Committed created = commit_op(*store_, CreateWebhook{row, 0});
  ASSERT_TRUE(created.status.ok()) << created.status.error().message;
  const int64_t id = committed_op<CreateWebhook>(created).id;

  EXPECT_FALSE(store_->delivery_summary(id)->last_delivered_at);
  ASSERT_TRUE(commit_op(*store_, RecordDelivery{id, "att-6", "attendance.created", DeliveryStatus::kDelivered, 200, "",
                                                1000, EventCursor{6, 0, 0}})
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, RecordDelivery{id, "att-7", "attendance.created", DeliveryStatus::kGivenUp, 417,
                                                "refused by ERPNext: No Employee found", 2000, EventCursor{7, 0, 0}})
                  .status.ok());
  Result<DeliverySummary> summary = store_->delivery_summary(id);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->last_delivered_at, 1000);
  ASSERT_TRUE(summary->last_failure);
  EXPECT_EQ(summary->last_failure->event_id, "att-7");
  EXPECT_EQ(summary->last_failure->last_error, "refused by ERPNext: No Employee found");

  Committed changed = commit_op(*store_, UpdateWebhookConfig{id, R"({"url":"https://hr.example.com"})"});
  ASSERT_TRUE(changed.status.ok());
  EXPECT_TRUE(committed_op<UpdateWebhookConfig>(changed).updated);
  EXPECT_FALSE(committed_op<UpdateWebhookConfig>(commit_op(*store_, UpdateWebhookConfig{id + 100, "{}"})).updated);
  Result<std::vector<WebhookRow>> rows = store_->webhooks();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().target, "erpnext");
  EXPECT_EQ(rows->front().config, R"({"url":"https://hr.example.com"})");
  EXPECT_EQ(rows->front().cursor, (EventCursor{7, 0, 0}));  // the cursor stayed where deliveries left it
  EXPECT_EQ(store_->deliveries(id, PageQuery{})->size(), 2u);
}

TEST_P(HrContractsTest, ASharedSecretIsSetOnceAndReadBack) {
  EXPECT_FALSE(*store_->server_secret("api_jwt_key"));
  ASSERT_TRUE(commit_op(*store_, AddServerSecret{"api_jwt_key", "first"}).status.ok());
  ASSERT_TRUE(commit_op(*store_, AddServerSecret{"api_jwt_key", "second"}).status.ok());  // another node, later
  EXPECT_EQ(*store_->server_secret("api_jwt_key"), "first");
}

TEST_P(HrContractsTest, PersonsAreCountedAndPagedByNumber) {
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(commit_op(*store_, SavePerson{std::to_string(i), PersonFields{}, "test", 1}).status.ok());
  PersonQuery q;
  EXPECT_EQ(*store_->persons_total(q), 5);
  q.limit = 2;
  q.offset = 2;
  Result<std::vector<PersonRow>> page = store_->persons(q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ(page->front().pin, "3");
  q.pin = "4";
  q.offset = 0;
  EXPECT_EQ(*store_->persons_total(q), 1);
  EXPECT_EQ(store_->persons(q)->front().pin, "4");
}

ZKPUSH_ON_EVERY_DATABASE(HrContractsTest);

}  // namespace
}  // namespace zkpush::store::test
