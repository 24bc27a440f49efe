// Leases: one holder at a time, renewed by its holder, taken by another
// only once expired or given back.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using LeaseTest = StoreTest;

TEST_P(LeaseTest, OneHolderAtATimeUntilItExpiresOrIsGivenBack) {
  auto claim = [&](const std::string& holder, TimeMs now) {
    Committed c = commit_op(*store_, ClaimLease{"webhooks", holder, now, 20'000});
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<ClaimLease>(c).held;
  };
  EXPECT_TRUE(claim("a", 1'000));
  EXPECT_FALSE(claim("b", 2'000));
  EXPECT_TRUE(claim("a", 15'000));   // renewed: now until 35,000
  EXPECT_FALSE(claim("b", 30'000));  // the first term would have ended at 21,000
  EXPECT_TRUE(claim("b", 35'001));   // a stopped renewing
  EXPECT_FALSE(claim("a", 36'000));
  EXPECT_TRUE(commit_op(*store_, ReleaseLease{"webhooks", "a"}).status.ok());  // not a's: nothing
  EXPECT_FALSE(claim("a", 37'000));
  EXPECT_TRUE(commit_op(*store_, ReleaseLease{"webhooks", "b"}).status.ok());
  EXPECT_TRUE(claim("a", 38'000));
  Committed other = commit_op(*store_, ClaimLease{"presence", "b", 38'000, 20'000});
  EXPECT_TRUE(committed_op<ClaimLease>(other).held);  // leases are independent
}

ZKPUSH_ON_EVERY_DATABASE(LeaseTest);

}  // namespace
}  // namespace zkpush::store::test
