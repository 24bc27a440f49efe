// Reading a scenario for `zkpush sim --script FILE` (docs/sim-scripts.md):
// one step per line, `#` comments, blank lines ignored, tokens separated by
// blanks, double quotes around values with blanks ("Ana Lima", name="Ana
// Lima"; \" and \\ inside quotes). Pure: text in, steps or the first error out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/records.h"

namespace zkpush::sim {

// `text` in double quotes, for messages that show a script's words.
inline std::string in_double_quotes(const std::string& text) { return "\"" + text + "\""; }

enum class StepKind { kBoot, kPunch, kEnrol, kUpload, kPoll, kWaitForCommand, kReboot, kSleep, kAssert };

// What an `assert` step checks.
enum class AssertKind {
  kUsers,                // assert users N: people on the terminal
  kTemplates,            // assert templates N: biometric templates on the terminal
  kPunches,              // assert punches N: attendance records on the terminal
  kAcked,                // assert acked N: punches the server acknowledged
  kUser,                 // assert user PIN [name=...] [card=...] ...: exists, and the fields given are equal
  kNoUser,               // assert no-user PIN
  kOption,               // assert option KEY VALUE: the terminal's own option (SET OPTION)
  kServerCount,          // assert server RESOURCE N: rows the server's API lists for this terminal
  kServerCommandsFinal,  // assert server commands-final: every command for this terminal done, failed or expired
};

struct ScriptStep {
  int line = 0;
  std::string text;  // the line as written, without its comment
  StepKind kind = StepKind::kBoot;
  AssertKind check = AssertKind::kUsers;  // kAssert only
  // punch: the PIN (empty: the next user); enrol: the person; assert user:
  // the PIN and the fields expected; assert no-user: the PIN.
  protocol::UserRecord user;
  long long count = 1;     // punch: how many; counting asserts: the number expected
  double seconds = 0;      // sleep; wait-for-command's timeout
  std::string key, value;  // assert option KEY VALUE; assert server RESOURCE (in key)
};

struct ScriptParseError {
  int line = 0;
  std::string message;
};

// The user fields `enrol` sets and `assert user` compares, by their script key.
struct UserField {
  const char* key;
  std::optional<std::string> protocol::UserRecord::*member;
};
extern const std::vector<UserField> kUserFields;

// The API collections `assert server RESOURCE N` counts (/api/v1/devices/SN/RESOURCE).
extern const std::vector<std::string> kServerResources;

// Parses a whole script. False with `error` set at the first bad line.
bool parse_script(std::string_view text, std::vector<ScriptStep>& steps, ScriptParseError& error);

}  // namespace zkpush::sim
