// What a terminal was last sent of each person (device_person_sync): the
// sync engine's record, written only if nobody recorded another sync of the
// terminal since the engine read it, so two nodes syncing one terminal at
// once cannot both queue the same commands.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

class SyncStateTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    device_ = create_device("SYNC1");
    Committed saved = commit_op(*store_, SavePerson{"7", PersonFields{}, "test", 1, true});
    ASSERT_TRUE(saved.status.ok()) << saved.status.error().message;
    person_ = committed_op<SavePerson>(saved).id;
  }
  Status record(int64_t revision, std::optional<std::optional<SyncRow>> only_if) {
    return commit_op(*store_, SetSynced{device_, {person_, "7", revision, "fp10"}, only_if}).status;
  }
  std::vector<SyncRow> on_file() {
    auto state = store_->sync_state(device_);
    EXPECT_TRUE(state.ok()) << state.error().message;
    return state.ok() ? state->sent : std::vector<SyncRow>{};
  }

  DeviceId device_ = 0;
  int64_t person_ = 0;
};

TEST_P(SyncStateTest, TheFirstRecordWinsAndTheSecondIsAConflict) {
  const std::optional<SyncRow> nothing;
  EXPECT_TRUE(record(1, nothing).ok());
  Status second = record(1, nothing);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, Error::Kind::kConflict);
  ASSERT_EQ(on_file().size(), 1u);
}

TEST_P(SyncStateTest, AnUpdateBasedOnWhatIsNoLongerOnFileIsAConflict) {
  ASSERT_TRUE(record(1, std::nullopt).ok());  // unconditional
  const SyncRow first{person_, "7", 1, "fp10"};
  EXPECT_TRUE(record(2, first).ok());
  Status stale = record(3, first);  // read before the update to 2
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, Error::Kind::kConflict);
  ASSERT_EQ(on_file().size(), 1u);
  EXPECT_EQ(on_file()[0].revision, 2);

  Status clear_stale = commit_op(*store_, ClearSynced{device_, person_, 1}).status;
  EXPECT_EQ(clear_stale.error().kind, Error::Kind::kConflict);
  EXPECT_TRUE(commit_op(*store_, ClearSynced{device_, person_, 2}).status.ok());
  EXPECT_TRUE(on_file().empty());
}

TEST_P(SyncStateTest, TheStateHoldsWhoIsAssignedDirectlyOrThroughTheGroupAndWhatWasSent) {
  Committed other = commit_op(*store_, SavePerson{"8", PersonFields{}, "test", 1, true});
  ASSERT_TRUE(other.status.ok());
  const int64_t by_group = committed_op<SavePerson>(other).id;
  Committed unassigned = commit_op(*store_, SavePerson{"9", PersonFields{}, "test", 1, true});
  ASSERT_TRUE(unassigned.status.ok());
  Committed group = commit_op(*store_, SaveGroup{0, "doors", true, 1});
  ASSERT_TRUE(group.status.ok());
  const int64_t group_id = committed_op<SaveGroup>(group).id;
  ASSERT_TRUE(commit_op(*store_, SetDeviceLabel{device_, std::nullopt, std::optional<int64_t>(group_id)}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetAssignments{"7", {}, {device_}}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetAssignments{"8", {group_id}, {}}).status.ok());
  ASSERT_TRUE(record(3, std::nullopt).ok());

  auto state = store_->sync_state(device_);
  ASSERT_TRUE(state.ok()) << state.error().message;
  ASSERT_EQ(state->assigned.size(), 2u);
  EXPECT_EQ(state->assigned[0].id, person_);
  EXPECT_EQ(state->assigned[0].pin, "7");
  EXPECT_EQ(state->assigned[1].id, by_group);
  EXPECT_EQ(state->assigned[1].pin, "8");
  ASSERT_EQ(state->sent.size(), 1u);
  EXPECT_EQ(state->sent[0].person_id, person_);
  EXPECT_EQ(state->sent[0].pin, "7");
  EXPECT_EQ(state->sent[0].revision, 3);
  EXPECT_EQ(state->sent[0].formats, "fp10");

  auto elsewhere = store_->sync_state(device_ + 1000);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->assigned.empty());
  EXPECT_TRUE(elsewhere->sent.empty());
}

ZKPUSH_ON_EVERY_DATABASE(SyncStateTest);

}  // namespace
}  // namespace zkpush::store::test
