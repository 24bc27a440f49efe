// The change feed's words (changes.h): what a commit announces and how it
// travels in a PostgreSQL notification, and back.
#include "store/changes.h"

#include <gtest/gtest.h>

#include <vector>

namespace zkpush::store {
namespace {

using Kind = Change::Kind;

TEST(Changes, EveryKindTravelsAsTextAndBack) {
  const std::vector<Change> changes = {
      {Kind::kDevice, 12},        {Kind::kProperties, 13}, {Kind::kCommands, 14},
      {Kind::kCreated, 15, false, "AB:CD-1"},  // a serial number may hold ':'
      {Kind::kServerSettings, 0}, {Kind::kEvents, 0},      {Kind::kWebhooks, 0}, {Kind::kResync, 0}};
  const std::string text = encode_changes(changes);
  EXPECT_EQ(text, "d12 p13 c14 n15:AB:CD-1 s e w r");
  EXPECT_EQ(decode_changes(text), changes);
}

TEST(Changes, AnyOfKindsLooksAtEveryChange) {
  const std::vector<Change> changes{Change{Change::Kind::kDevice, 1}, Change{Change::Kind::kWebhooks}};
  EXPECT_TRUE(any_of_kinds(changes, {Change::Kind::kEvents, Change::Kind::kWebhooks}));
  EXPECT_FALSE(any_of_kinds(changes, {Change::Kind::kEvents, Change::Kind::kResync}));
  EXPECT_FALSE(any_of_kinds({}, {Change::Kind::kDevice}));
}

TEST(Changes, UnreadableWordsAreSkipped) {
  EXPECT_EQ(decode_changes("d x7 n12 n:AB n12: nX:AB d5x e1 q e"),
            (std::vector<Change>{{Kind::kEvents, 0}}));
}

TEST(Changes, ARegistrationAnnouncesTheSerialNumberOnlyWhenItMadeTheRow) {
  CreateDevice made{"NEW1", 1, 7, AdmissionState::kApproved, true};
  std::vector<Change> out;
  add_changes(made, out);
  EXPECT_EQ(out, (std::vector<Change>{{Kind::kEvents, 0}, {Kind::kDevice, 7}, {Kind::kCreated, 7, false, "NEW1"}}));

  CreateDevice on_file{"OLD1", 1, 8, AdmissionState::kApproved, false};
  out.clear();
  add_changes(on_file, out);
  EXPECT_EQ(out, (std::vector<Change>{{Kind::kEvents, 0}, {Kind::kDevice, 8}}));

  SetDeviceProperties properties{9, {{"FWVersion", "1"}}};
  out.clear();
  add_changes(properties, out);
  EXPECT_EQ(out, (std::vector<Change>{{Kind::kProperties, 9}}));
}

}  // namespace
}  // namespace zkpush::store
