// CONTROL DEVICE (CN24 §12.4; push3_catalog §3.6).
#include "protocol/access/door_commands.h"

#include <gtest/gtest.h>

namespace zkpush::protocol::access {
namespace {

TEST(DoorCommands, TheDocumentsExamplesAndEachAction) {
  EXPECT_EQ(control_device(DoorAction::kOpen, 1, 5), "CONTROL DEVICE 01010105");  // CN24 §12.4
  EXPECT_EQ(control_device(DoorAction::kOpen, 2, 15), "CONTROL DEVICE 0102010F");
  EXPECT_EQ(control_device(DoorAction::kKeepOpen, 1, 0), "CONTROL DEVICE 010101FF");
  EXPECT_EQ(control_device(DoorAction::kClose, 3, 0), "CONTROL DEVICE 01030100");
  EXPECT_EQ(control_device(DoorAction::kCancelAlarm, 1, 0), "CONTROL DEVICE 02010000");  // CN24 §12.4
  EXPECT_EQ(control_device(DoorAction::kCancelAlarm, 0, 0), "CONTROL DEVICE 02000000");
  EXPECT_EQ(control_device(DoorAction::kLock, 1, 0), "CONTROL DEVICE 06010100");
  EXPECT_EQ(control_device(DoorAction::kUnlock, 1, 0), "CONTROL DEVICE 06010000");
}

TEST(DoorCommands, ReadBackWithOrWithoutTheOperatorByte) {
  for (auto action : {DoorAction::kOpen, DoorAction::kKeepOpen, DoorAction::kClose, DoorAction::kCancelAlarm,
                      DoorAction::kLock, DoorAction::kUnlock}) {
    const std::string text = control_device(action, 2, 9);
    auto back = parse_control_device(text.substr(std::string("CONTROL DEVICE ").size()));
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(back->action, action);
    EXPECT_EQ(back->door, 2);
    EXPECT_EQ(door_action_from_name(door_action_name(action)), action);
  }
  EXPECT_EQ(parse_control_device("0101010500")->seconds, 5);
  EXPECT_FALSE(parse_control_device("03000000"));  // a reboot is no door action
  EXPECT_FALSE(parse_control_device("0101"));
  EXPECT_FALSE(parse_control_device("01X10105"));
  EXPECT_FALSE(door_action_from_name("explode"));
}

}  // namespace
}  // namespace zkpush::protocol::access
