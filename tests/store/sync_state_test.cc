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
    auto rows = store_->synced_persons(device_);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows.ok() ? *rows : std::vector<SyncRow>{};
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

ZKPUSH_ON_EVERY_DATABASE(SyncStateTest);

}  // namespace
}  // namespace zkpush::store::test
