#include "api/request_bodies.h"

#include <gtest/gtest.h>

namespace zkpush::api {
namespace {

TEST(CommandBody, TheCommandString) {
  EXPECT_EQ(parse_command_body(R"({"command": "INFO"})").value(), "INFO");
  EXPECT_EQ(parse_command_body("").error().message, "body must be a JSON object");
  EXPECT_EQ(parse_command_body("[1]").error().message, "body must be a JSON object");
  EXPECT_EQ(parse_command_body(R"({"command": 1})").error().message, "command: a string is required");
  EXPECT_EQ(parse_command_body(std::string("{\"command\": \"a\0", 15)).error().message, "body must be a JSON object");
}

TEST(SettingsBody, StringsAndIntegersOnOneLine) {
  auto values = parse_settings_body(R"({"Delay": "5", "TimeZone": 330})");
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(values->at("Delay"), "5");
  EXPECT_EQ(values->at("TimeZone"), "330");
  EXPECT_EQ(parse_settings_body(R"({"Delay": 1.5})").error().message, "Delay: a string or integer is required");
  EXPECT_EQ(parse_settings_body(R"({"Delay": "5\r\nRealtime=0"})").error().message, "Delay: must be a single line");
}

}  // namespace
}  // namespace zkpush::api
