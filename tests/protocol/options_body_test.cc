// parse_options_body: table=options (004 §8, D02) and /iclock/registry (R20).
#include <gtest/gtest.h>

#include "capture.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

using ::zkpush::test::capture_body;

TEST(OptionsBodyCapture, D02Options) {
  EXPECT_EQ(parse_options_body(capture_body("D02")),
            (Fields{{"FingerFunOn", "1"}, {"FaceFunOn", "1"}, {"UserPicURLFunOn", "1"}}));
}

TEST(OptionsBodyCapture, R20RegistryValuesWithSpaces) {
  EXPECT_EQ(parse_options_body(capture_body("R20")), (Fields{{"DeviceType", "acc"},
                                                             {"~DeviceName", "SenseFace 2A"},
                                                             {"FirmVer", "ZAM70-NF24HA-Ver3.0.15"},
                                                             {"PushVersion", "Ver 3.0.4S-20240809"},
                                                             {"~SerialNumber", "NYU7251601501"},
                                                             {"FaceFunOn", "1"},
                                                             {"FingerFunOn", "1"}}));
}

TEST(OptionsBody, CommaInsideValue) {
  EXPECT_EQ(parse_options_body("~OEMVendor=ZKTECO CO., LTD.,FaceFunOn=1"),
            (Fields{{"~OEMVendor", "ZKTECO CO., LTD."}, {"FaceFunOn", "1"}}));
}

TEST(OptionsBody, SpacesAfterCommasAndAroundKeys) {
  EXPECT_EQ(parse_options_body(" FingerFunOn=1,  FaceFunOn=0 , MultiBioDataSupport=0:1:1:0"),
            (Fields{{"FingerFunOn", "1"}, {"FaceFunOn", "0"}, {"MultiBioDataSupport", "0:1:1:0"}}));
}

TEST(OptionsBody, NewlinesSeparateToo) {
  EXPECT_EQ(parse_options_body("A=1\r\nB=x,y\nC=3,D=4\n\n"),
            (Fields{{"A", "1"}, {"B", "x,y"}, {"C", "3"}, {"D", "4"}}));
}

TEST(OptionsBody, PiecesWithoutKeyAreDropped) {
  EXPECT_EQ(parse_options_body("junk,A=1,"), (Fields{{"A", "1,"}}));
  EXPECT_EQ(parse_options_body("=5,B=2"), (Fields{{"B", "2"}}));
  // A space between key and '=' does not make a key: the comma stays in the value.
  EXPECT_EQ(parse_options_body("A=1, B =2"), (Fields{{"A", "1, B =2"}}));
  EXPECT_TRUE(parse_options_body("").empty());
}

TEST(OptionsBody, ValueMayContainEquals) {
  EXPECT_EQ(parse_options_body("Key=a=b,K2=c"), (Fields{{"Key", "a=b"}, {"K2", "c"}}));
}

}  // namespace
}  // namespace zkpush::protocol
