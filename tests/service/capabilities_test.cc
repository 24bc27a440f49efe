// What a terminal's properties say it can take, and when new properties
// change it (a reason to send it templates again).

#include <gtest/gtest.h>

#include "service/template_formats.h"

namespace zkpush::service {
namespace {

TEST(Capabilities, NewOptionsThatNameAlgorithmsChangeThem) {
  const std::map<std::string, std::string> booted;  // a handshake, no options yet
  EXPECT_TRUE(changes_capabilities(booted, {{"FPVersion", "10"}, {"FWVersion", "Ver 6.60"}}));
  EXPECT_TRUE(changes_capabilities({{"FPVersion", "10"}}, {{"FPVersion", "12"}}));
  EXPECT_TRUE(changes_capabilities({{"FPVersion", "10"}}, {{"MultiBioDataSupport", "0:1:1:0:0:0:0:0:0:1"}}));
}

TEST(Capabilities, OtherPropertiesDoNotChangeThem) {
  const std::map<std::string, std::string> known = {{"FPVersion", "10"}, {"FWVersion", "Ver 6.60"}};
  EXPECT_FALSE(changes_capabilities(known, {{"UserCount", "12"}, {"FWVersion", "Ver 6.70"}}));
  EXPECT_FALSE(changes_capabilities(known, {{"FPVersion", "10.0"}}));  // the same major version
  EXPECT_FALSE(changes_capabilities(known, {}));
}

}  // namespace
}  // namespace zkpush::service
