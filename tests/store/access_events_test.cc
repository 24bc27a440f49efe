// The access-control dialect's rows on both databases: events stored once
// (store/door_records.h's natural key), each new one an event of the outbox,
// filters, and the last door state of each device.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using AccessEventsTest = StoreTest;
using protocol::access::AccessEventRecord;

AccessEventRecord access_event(std::string time, std::string pin, int code, int door, std::optional<int64_t> index) {
  AccessEventRecord r;
  r.time = std::move(time);
  r.time_valid = true;
  r.pin = std::move(pin);
  r.card_no = "0";
  r.event = code;
  r.door = door;
  r.in_out = 0;
  r.verify = "1";
  r.index = index;
  return r;
}

InsertAccessEvents access_insert(DeviceId device, std::vector<AccessEventRecord> records) {
  InsertAccessEvents op{device, 5'000, std::move(records), {}, {}, 0};
  for (const auto& r : op.records) {
    op.event_kinds.push_back("access.test");
    op.event_payloads.push_back("{\"pin\":\"" + r.pin + "\"}");
  }
  return op;
}

TEST_P(AccessEventsTest, AReplayedEventIsStoredOnceAndOnlyNewOnesBecomeEvents) {
  const DeviceId panel = create_device("PANEL1");
  auto first = commit_op(*store_, access_insert(panel, {access_event("2026-12-07 08:00:00", "7", 0, 1, 40),
                                                 access_event("2026-12-07 08:00:05", "0", 200, 1, std::nullopt)}));
  ASSERT_TRUE(first.status.ok());
  EXPECT_EQ(committed_op<InsertAccessEvents>(first).inserted, 2);
  // The buffer again after a reconnection, and one new event; the index
  // restarted after a factory reset: the time tells the new 40 apart.
  auto again = commit_op(*store_, access_insert(panel, {access_event("2026-12-07 08:00:00", "7", 0, 1, 40),
                                                 access_event("2026-12-07 08:00:05", "0", 200, 1, std::nullopt),
                                                 access_event("2026-12-07 09:00:00", "8", 3, 2, 40)}));
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(committed_op<InsertAccessEvents>(again).inserted, 1);
  auto rows = store_->access_events(AccessEventQuery{});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].record.pin, "8");  // newest first
  EXPECT_EQ((*rows)[0].sn, "PANEL1");
  EXPECT_EQ((*rows)[2].record.index, 40);
  EXPECT_EQ((*rows)[1].record.index, std::nullopt);
  auto events = store_->events_after(0, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);  // the device's registration, then one per new access event
  EXPECT_EQ((*events)[3].kind, "access.test");
  EXPECT_EQ((*events)[3].payload, "{\"pin\":\"8\"}");
}

TEST_P(AccessEventsTest, EventsAreFilteredByDeviceClassPinDoorCodeAndTime) {
  const DeviceId a = create_device("PANELA"), b = create_device("PANELB");
  ASSERT_TRUE(commit_op(*store_, access_insert(a, {access_event("2026-12-07 08:00:00", "7", 0, 1, 1),
                                            access_event("2026-12-07 08:01:00", "7", 23, 2, 2),
                                            access_event("2026-12-07 08:02:00", "0", 102, 1, 3)}))
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, access_insert(b, {access_event("2026-12-07 08:03:00", "9", 3, 1, 1)})).status.ok());
  auto count = [&](AccessEventQuery q) { return store_->access_events(q)->size(); };
  AccessEventQuery q;
  q.sn = "PANELA";
  EXPECT_EQ(count(q), 3u);
  q = {};
  q.classes = {"granted"};
  EXPECT_EQ(count(q), 2u);
  q.classes = {"denied", "alarm"};
  EXPECT_EQ(count(q), 2u);
  q = {};
  q.pin = "7";
  q.door = 2;
  EXPECT_EQ(count(q), 1u);
  q = {};
  q.event = 102;
  EXPECT_EQ(count(q), 1u);
  q = {};
  q.from = "2026-12-07 08:01:00";
  q.to = "2026-12-07 08:02:00";
  EXPECT_EQ(count(q), 2u);
  q = {};
  q.limit = 2;
  auto page = store_->access_events(q);
  ASSERT_EQ(page->size(), 2u);
  q.before = page->back().id;
  EXPECT_EQ(count(q), 2u);
}

TEST_P(AccessEventsTest, TheLastDoorStateOfEachDeviceIsKept) {
  const DeviceId panel = create_device("PANELS");
  ASSERT_TRUE(commit_op(*store_, SetDoorState{panel, 1'000, {"2026-12-07 08:00:00", "01", "00", "00", "01"}, ""})
                  .status.ok());
  ASSERT_TRUE(
      commit_op(*store_, SetDoorState{panel, 2'000, {"2026-12-07 08:00:09", "02", "01", "01", ""}, "{\"sn\":\"PANELS\"}"})
          .status.ok());
  auto states = store_->door_states(std::nullopt);
  ASSERT_TRUE(states.ok());
  ASSERT_EQ(states->size(), 1u);
  EXPECT_EQ((*states)[0].sn, "PANELS");
  EXPECT_EQ((*states)[0].state.sensor, "02");
  EXPECT_EQ((*states)[0].state.relay, "01");
  EXPECT_EQ((*states)[0].received_at, 2'000);
  EXPECT_EQ(store_->door_states(panel)->size(), 1u);
  EXPECT_TRUE(store_->door_states(panel + 1)->empty());
  auto events = store_->events_after(0, 10);
  ASSERT_EQ(events->back().kind, "door.state");  // only the write that carried an event payload
  EXPECT_EQ(events->size(), 2u);
}

ZKPUSH_ON_EVERY_DATABASE(AccessEventsTest);

}  // namespace
}  // namespace zkpush::store::test
