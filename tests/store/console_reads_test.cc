// What the console reads across every terminal: punches per hour of
// arrival, commands by status newest first, the newest rejected lines.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using ConsoleReadsTest = StoreTest;

TEST_P(ConsoleReadsTest, PunchesAreCountedPerHourOfArrival) {
  const DeviceId device = create_device("HOURS1");
  auto punches = [&](TimeMs at, std::vector<std::string> pins) {
    InsertAttendance op{device, "", at, {}};
    for (const auto& pin : pins) op.records.push_back({pin, "2026-12-07 09:00:00", 0, 1, "", "", "", {}});
    ASSERT_TRUE(commit_op(*store_, std::move(op)).status.ok());
  };
  const TimeMs nine = 1'796'547'600'000;  // an hour's start
  punches(nine + 60'000, {"1", "2"});
  punches(nine + 120'000, {"1", "3"});  // "1" at the same time again: a duplicate, not counted
  punches(nine + 3'600'000, {"4"});
  auto hours = store_->punches_per_hour(nine + 1'000);
  ASSERT_TRUE(hours.ok());
  ASSERT_EQ(hours->size(), 2u);
  EXPECT_EQ((*hours)[0].hour, nine);
  EXPECT_EQ((*hours)[0].punches, 3);
  EXPECT_EQ((*hours)[1].hour, nine + 3'600'000);
  EXPECT_EQ((*hours)[1].punches, 1);
  EXPECT_EQ(store_->punches_per_hour(nine + 3'600'000)->size(), 1u);
}

TEST_P(ConsoleReadsTest, CommandsOfEveryTerminalAreListedNewestFirstByStatus) {
  const DeviceId a = create_device("CMDA"), b = create_device("CMDB");
  std::vector<std::string> ids;
  for (DeviceId device : {a, b, a})
    ids.push_back(committed_op<EnqueueCommand>(commit_op(*store_, EnqueueCommand{device, "INFO", 1'000, ""})).id);
  ASSERT_TRUE(commit_op(*store_, MarkCommandsSent{{ids[1]}, 2'000, {}}).status.ok());
  protocol::CommandReply reply;
  reply.id = ids[1];
  reply.return_code = -1;
  reply.cmd = "INFO";
  ASSERT_TRUE(commit_op(*store_, RecordCommandReply{b, reply, 3'000, false}).status.ok());

  auto all = store_->recent_commands({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, ids[2]);
  EXPECT_EQ((*all)[2].id, ids[0]);
  auto failed = store_->recent_commands({CommandStatus::kFailed, std::nullopt, 0, 10});
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].sn, "CMDB");
  EXPECT_EQ((*failed)[0].return_code, -1);
  auto queued = store_->recent_commands({CommandStatus::kQueued, std::nullopt, 0, 1});
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ((*queued)[0].id, ids[2]);
  const int64_t before = std::stoll(ids[2]);
  auto next = store_->recent_commands({CommandStatus::kQueued, std::nullopt, before, 10});
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].id, ids[0]);
  auto of_a = store_->recent_commands({std::nullopt, a, 0, 10});
  ASSERT_EQ(of_a->size(), 2u);
  EXPECT_EQ((*of_a)[0].id, ids[2]);
  EXPECT_EQ((*of_a)[1].sn, "CMDA");
}

TEST_P(ConsoleReadsTest, TheNewestRejectedLinesOfEveryTerminalComeFirst) {
  const DeviceId a = create_device("REJA"), b = create_device("REJB");
  ASSERT_TRUE(commit_op(*store_, StoreRejected{a, 1'000, "ATTLOG", {{"line one", "bad time"}}}).status.ok());
  ASSERT_TRUE(commit_op(*store_, StoreRejected{b, 2'000, "OPERLOG", {{"line two", "no fields"}}}).status.ok());
  auto lines = store_->recent_rejected(0, 10);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].sn, "REJB");
  EXPECT_EQ((*lines)[0].table, "OPERLOG");
  EXPECT_EQ((*lines)[0].reason, "no fields");
  EXPECT_EQ((*lines)[1].line, "line one");
  auto older = store_->recent_rejected((*lines)[0].id, 10);
  ASSERT_EQ(older->size(), 1u);
  EXPECT_EQ((*older)[0].sn, "REJA");
}

ZKPUSH_ON_EVERY_DATABASE(ConsoleReadsTest);

}  // namespace
}  // namespace zkpush::store::test
