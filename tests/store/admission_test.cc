// Devices' admission state, policy override and pushcommkey binding: stored,
// loaded back, and a new device's initial state.

#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using AdmissionStoreTest = StoreTest;

TEST_P(AdmissionStoreTest, NewDeviceGetsItsInitialStateAndAnExistingOneKeepsItsOwn) {
  CreateDevice pending{"PEND1", 1};
  pending.admission = AdmissionState::kPending;
  Committed c = commit_op(*store_, pending);
  ASSERT_TRUE(c.status.ok()) << c.status.error().message;
  const DeviceId id = committed_op<CreateDevice>(c).id;
  EXPECT_EQ(device(id).admission, AdmissionState::kPending);
  EXPECT_EQ(create_device("PEND1"), id);  // created again as approved: changes nothing
  EXPECT_EQ(device(id).admission, AdmissionState::kPending);
  EXPECT_EQ(device(create_device("OPEN1")).admission, AdmissionState::kApproved);
}

TEST_P(AdmissionStoreTest, StatePolicyAndKeySurviveAReopen) {
  const DeviceId id = create_device("ADM1");
  ASSERT_TRUE(commit_op(*store_, SetAdmissionState{id, AdmissionState::kBlocked}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetAdmissionPolicy{id, AdmissionPolicy::kAllowlist}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetPushCommKey{id, "4a9594af"}).status.ok());
  reopen();
  DeviceRow d = device(id);
  EXPECT_EQ(d.admission, AdmissionState::kBlocked);
  EXPECT_EQ(d.admission_policy, AdmissionPolicy::kAllowlist);
  EXPECT_EQ(d.push_comm_key, "4a9594af");
  EXPECT_EQ(peek("SELECT admission || '/' || admission_policy FROM devices"), "blocked/allowlist");

  ASSERT_TRUE(commit_op(*store_, SetAdmissionPolicy{id, std::nullopt}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetPushCommKey{id, ""}).status.ok());
  d = device(id);
  EXPECT_FALSE(d.admission_policy.has_value());  // follows the server's policy again
  EXPECT_EQ(d.push_comm_key, "");                 // unbound
}

TEST_P(AdmissionStoreTest, ChangesToAnUnknownDeviceAreNotFound) {
  Committed c = commit_op(*store_, SetAdmissionState{77, AdmissionState::kApproved});
  ASSERT_FALSE(c.status.ok());
  EXPECT_EQ(c.status.error().kind, Error::Kind::kNotFound);
  EXPECT_EQ(c.status.error().message, "SetAdmissionState: no device with id 77");
  EXPECT_FALSE(commit_op(*store_, SetPushCommKey{77, "k"}).status.ok());
  EXPECT_FALSE(commit_op(*store_, SetAdmissionPolicy{77, AdmissionPolicy::kOpen}).status.ok());
}

TEST(AdmissionNames, EveryValueHasOneName) {
  for (auto state : {AdmissionState::kApproved, AdmissionState::kPending, AdmissionState::kBlocked})
    EXPECT_EQ(admission_state_from_name(admission_state_name(state)), state);
  for (auto policy : {AdmissionPolicy::kOpen, AdmissionPolicy::kApprove, AdmissionPolicy::kAllowlist})
    EXPECT_EQ(admission_policy_from_name(admission_policy_name(policy)), policy);
  EXPECT_EQ(admission_state_name(AdmissionState::kPending), "pending");
  EXPECT_EQ(admission_policy_name(AdmissionPolicy::kAllowlist), "allowlist");
  EXPECT_FALSE(admission_state_from_name("").has_value());
  EXPECT_FALSE(admission_policy_from_name("Open").has_value());
}

ZKPUSH_ON_EVERY_DATABASE(AdmissionStoreTest);

}  // namespace
}  // namespace zkpush::store::test
