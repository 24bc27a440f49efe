// Scenario scripts (sim/script_parser.h): every step and assert form, quoting
// and comments, and each kind of error reported at its line.
#include "sim/script_parser.h"

#include <gtest/gtest.h>

#include <tuple>

namespace zkpush::sim {
namespace {

std::vector<ScriptStep> parse_ok(std::string_view text) {
  std::vector<ScriptStep> steps;
  ScriptParseError error;
  EXPECT_TRUE(parse_script(text, steps, error)) << "line " << error.line << ": " << error.message;
  return steps;
}

ScriptStep one(std::string_view line) {
  auto steps = parse_ok(line);
  EXPECT_EQ(steps.size(), 1u) << line;
  return steps.empty() ? ScriptStep{} : steps[0];
}

ScriptParseError parse_error(std::string_view text) {
  std::vector<ScriptStep> steps;
  ScriptParseError error;
  EXPECT_FALSE(parse_script(text, steps, error)) << text;
  return error;
}

TEST(ScriptParser, StepsKeepTheirLineNumbersAndTextWithoutComments) {
  auto steps = parse_ok(
      "# a scenario\n"
      "\n"
      "boot   # power on\n"
      "  upload\r\n"
      "poll\n"
      "reboot\n");
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].kind, StepKind::kBoot);
  EXPECT_EQ(steps[0].line, 3);
  EXPECT_EQ(steps[0].text, "boot");
  EXPECT_EQ(steps[1].kind, StepKind::kUpload);
  EXPECT_EQ(steps[1].line, 4);
  EXPECT_EQ(steps[1].text, "upload");
  EXPECT_EQ(steps[2].kind, StepKind::kPoll);
  EXPECT_EQ(steps[3].kind, StepKind::kReboot);
  EXPECT_EQ(steps[3].line, 6);
}

TEST(ScriptParser, PunchTakesAnOptionalPinAndCount) {
  auto next = one("punch");
  EXPECT_EQ(next.kind, StepKind::kPunch);
  EXPECT_EQ(next.user.pin, "");
  EXPECT_EQ(next.count, 1);
  auto by_pin = one("punch 42 x3");
  EXPECT_EQ(by_pin.user.pin, "42");
  EXPECT_EQ(by_pin.count, 3);
  auto next_times = one("punch x5");
  EXPECT_EQ(next_times.user.pin, "");
  EXPECT_EQ(next_times.count, 5);
  EXPECT_EQ(one("punch xyz").user.pin, "xyz");  // not a count: a PIN
  auto quoted = one("punch \"x2\"");            // quoted: a PIN, not a count
  EXPECT_EQ(quoted.user.pin, "x2");
  EXPECT_EQ(quoted.count, 1);
}

TEST(ScriptParser, EnrolTakesANameInQuotesAndUserFields) {
  auto step = one("enrol 42 \"Ana Lima\" card=123 privilege=14 password=\"a b\" group=2");
  EXPECT_EQ(step.kind, StepKind::kEnrol);
  EXPECT_EQ(step.user.pin, "42");
  EXPECT_EQ(step.user.name, "Ana Lima");
  EXPECT_EQ(step.user.card, "123");
  EXPECT_EQ(step.user.privilege, "14");
  EXPECT_EQ(step.user.password, "a b");
  EXPECT_EQ(step.user.group, "2");
  EXPECT_EQ(step.text, "enrol 42 \"Ana Lima\" card=123 privilege=14 password=\"a b\" group=2");

  auto keyed = one("enroll 7 name=\"Zed \\\"Z\\\" O'Neil #1\" # the comment starts here");
  EXPECT_EQ(keyed.kind, StepKind::kEnrol);
  EXPECT_EQ(keyed.user.name, "Zed \"Z\" O'Neil #1");
  EXPECT_FALSE(keyed.user.card);
  EXPECT_EQ(keyed.text, "enroll 7 name=\"Zed \\\"Z\\\" O'Neil #1\"");

  auto bare = one("enrol 8");
  EXPECT_FALSE(bare.user.name);
  EXPECT_EQ(one("enrol 9 \"a=b\"").user.name, "a=b");  // quoted: a name, not a field
}

TEST(ScriptParser, WaitForCommandAndSleepTakeSeconds) {
  auto wait = one("wait-for-command");
  EXPECT_EQ(wait.kind, StepKind::kWaitForCommand);
  EXPECT_EQ(wait.seconds, 30);
  EXPECT_EQ(one("wait-for-command 10").seconds, 10);
  auto sleep = one("sleep 0.25");
  EXPECT_EQ(sleep.kind, StepKind::kSleep);
  EXPECT_EQ(sleep.seconds, 0.25);
}

TEST(ScriptParser, AssertsOnTheTerminal) {
  for (auto [line, check, count] : {std::tuple{"assert users 3", AssertKind::kUsers, 3},
                                    std::tuple{"assert templates 0", AssertKind::kTemplates, 0},
                                    std::tuple{"assert punches 12", AssertKind::kPunches, 12},
                                    std::tuple{"assert acked 7", AssertKind::kAcked, 7}}) {
    auto step = one(line);
    EXPECT_EQ(step.kind, StepKind::kAssert);
    EXPECT_EQ(step.check, check) << line;
    EXPECT_EQ(step.count, count) << line;
  }
  auto user = one("assert user 7 name=\"Zed Z\" card=555");
  EXPECT_EQ(user.check, AssertKind::kUser);
  EXPECT_EQ(user.user.pin, "7");
  EXPECT_EQ(user.user.name, "Zed Z");
  EXPECT_EQ(user.user.card, "555");
  EXPECT_FALSE(user.user.privilege);
  auto gone = one("assert no-user 1");
  EXPECT_EQ(gone.check, AssertKind::kNoUser);
  EXPECT_EQ(gone.user.pin, "1");
  auto option = one("assert option Delay 1");
  EXPECT_EQ(option.check, AssertKind::kOption);
  EXPECT_EQ(option.key, "Delay");
  EXPECT_EQ(option.value, "1");
}

TEST(ScriptParser, AssertsOnTheServer) {
  auto count = one("assert server attendance 3");
  EXPECT_EQ(count.check, AssertKind::kServerCount);
  EXPECT_EQ(count.key, "attendance");
  EXPECT_EQ(count.count, 3);
  EXPECT_EQ(one("assert server users 1").key, "users");
  EXPECT_EQ(one("assert server commands-final").check, AssertKind::kServerCommandsFinal);
}

TEST(ScriptParser, ErrorsNameTheirLine) {
  struct Case {
    const char* text;
    int line;
    const char* message_part;
  };
  for (const auto& c : std::vector<Case>{
           {"boot\njump\n", 2, "unknown step \"jump\""},
           {"boot now", 1, "boot takes no arguments"},
           {"boot\n\n# x\nenrol 1 \"Ana", 4, "unterminated quote"},
           {"punch 1 2", 1, "usage: punch [PIN] [xN]"},
           {"punch x0", 1, "x1 to x1000000"},
           {"punch card=1", 1, "usage: punch"},
           {"enrol", 1, "usage: enrol PIN"},
           {"enrol 1 Ana Lima", 1, "\"Lima\" is not one of name=, card="},
           {"enrol 1 phone=5", 1, "\"phone=5\" is not one of"},
           {"sleep", 1, "usage: sleep SECONDS"},
           {"sleep -1", 1, "usage: sleep SECONDS"},
           {"sleep soon", 1, "usage: sleep SECONDS"},
           {"wait-for-command 1 2", 1, "usage: wait-for-command"},
           {"assert users", 1, "usage: assert users N"},
           {"assert users three", 1, "usage: assert users N"},
           {"assert acked 1 2", 1, "usage: assert acked N"},
           {"assert user", 1, "usage: assert user PIN"},
           {"assert user 1 age=3", 1, "assert user: \"age=3\" is not one of"},
           {"assert no-user 1 2", 1, "usage: assert no-user PIN"},
           {"assert option Delay", 1, "usage: assert option KEY VALUE"},
           {"assert server photographs 1", 1, "RESOURCE one of attendance users"},
           {"assert server commands-final 1", 1, "usage: assert server commands-final"},
           {"assert", 1, "usage: assert users|templates"},
           {"\"boot\"", 1, "starts with a step name"},
       }) {
    auto error = parse_error(c.text);
    EXPECT_EQ(error.line, c.line) << c.text;
    EXPECT_NE(error.message.find(c.message_part), std::string::npos) << c.text << " -> " << error.message;
  }
}

}  // namespace
}  // namespace zkpush::sim
