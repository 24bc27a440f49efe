// Event codes and their classes (CN24 App.2, App.19; push3_catalog §5.1).
#include "protocol/access/event_codes.h"

#include <gtest/gtest.h>

namespace zkpush::protocol::access {
namespace {

TEST(EventCodes, APassNeedsAPersonAndEveryPassCodeTheFieldUsesCounts) {
  EXPECT_EQ(classify_event(0, "7"), EventClass::kGranted);
  EXPECT_EQ(classify_event(3, "445966"), EventClass::kGranted);  // R21: terminals report 3 for a verification
  EXPECT_EQ(classify_event(15, "7"), EventClass::kGranted);
  EXPECT_EQ(classify_event(232, "7"), EventClass::kGranted);
  EXPECT_EQ(classify_event(4001, "7"), EventClass::kGranted);
  EXPECT_EQ(classify_event(0, "0"), EventClass::kDoor);
  EXPECT_EQ(classify_event(0, ""), EventClass::kDoor);
}

TEST(EventCodes, DeniedAlarmsDoorsAndDevicesByCodeNotByPin) {
  EXPECT_EQ(classify_event(23, "7"), EventClass::kDenied);  // a real PIN without access rights
  EXPECT_EQ(classify_event(27, "0"), EventClass::kDenied);
  EXPECT_EQ(classify_event(68, "7"), EventClass::kDenied);
  EXPECT_EQ(classify_event(5003, "0"), EventClass::kDenied);
  EXPECT_EQ(classify_event(102, "0"), EventClass::kAlarm);
  EXPECT_EQ(classify_event(6005, "0"), EventClass::kAlarm);
  EXPECT_EQ(classify_event(8, "0"), EventClass::kDoor);
  EXPECT_EQ(classify_event(200, "0"), EventClass::kDoor);
  EXPECT_EQ(classify_event(205, "0"), EventClass::kDoor);
  EXPECT_EQ(classify_event(206, "0"), EventClass::kDevice);
  EXPECT_EQ(classify_event(214, "0"), EventClass::kDevice);
  EXPECT_EQ(classify_event(3000, "0"), EventClass::kUnknown);
}

TEST(EventCodes, NamesAndClassNames) {
  EXPECT_EQ(event_name(23), "access denied");
  EXPECT_EQ(event_name(102), "door opened forcibly");
  EXPECT_EQ(event_name(4001), "person passed");
  EXPECT_EQ(event_name(46), "");
  for (auto c : {EventClass::kGranted, EventClass::kDenied, EventClass::kAlarm, EventClass::kDoor,
                 EventClass::kDevice, EventClass::kUnknown})
    EXPECT_EQ(event_class_from_name(event_class_name(c)), c);
  EXPECT_EQ(event_class_name(EventClass::kGranted), "granted");
}

}  // namespace
}  // namespace zkpush::protocol::access
