#include "sim/script_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "protocol/text.h"

namespace zkpush::sim {

const std::vector<UserField> kUserFields = {{"name", &protocol::UserRecord::name},
                                            {"card", &protocol::UserRecord::card},
                                            {"privilege", &protocol::UserRecord::privilege},
                                            {"password", &protocol::UserRecord::password},
                                            {"group", &protocol::UserRecord::group}};

const std::vector<std::string> kServerResources = {"attendance", "users", "templates", "oplog", "photos"};

namespace {

constexpr double kDefaultCommandTimeoutS = 30;
constexpr long long kMaxPunches = 1000000;

struct Token {
  std::string text;                        // quotes removed, escapes resolved
  bool quoted = false;                     // some of it was inside double quotes
  std::size_t equals = std::string::npos;  // the first '=' outside quotes: a key=value token
  std::string key() const { return text.substr(0, equals); }
  std::string value() const { return text.substr(equals + 1); }
  bool positional() const { return equals == std::string::npos; }
};

// Splits one line into tokens and sets `text` to the line without its
// comment. False with `error` set on an unterminated quote.
bool tokenize(std::string_view line, std::vector<Token>& tokens, std::string& text, std::string& error) {
  std::optional<Token> token;
  bool in_quotes = false;
  std::size_t end = line.size();
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (!in_quotes && (c == ' ' || c == '\t' || c == '\r')) {
      if (token) tokens.push_back(std::move(*token));
      token.reset();
      continue;
    }
    if (!in_quotes && c == '#') {
      end = i;
      break;
    }
    if (!token) token.emplace();
    if (c == '"') {
      in_quotes = !in_quotes;
      token->quoted = true;
    } else if (in_quotes && c == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) {
      token->text += line[++i];
    } else {
      if (!in_quotes && c == '=' && token->equals == std::string::npos) token->equals = token->text.size();
      token->text += c;
    }
  }
  if (in_quotes) {
    error = "unterminated quote";
    return false;
  }
  if (token) tokens.push_back(std::move(*token));
  text = std::string(protocol::trim(line.substr(0, end)));
  return true;
}

// A whole number >= `min`, or nullopt.
std::optional<long long> count_of(const Token& token, long long min) {
  auto n = protocol::parse_int(token.text);
  if (!n || *n < min) return std::nullopt;
  return n;
}

// A finite number of seconds >= 0 ("2", "0.5"), or nullopt.
std::optional<double> seconds_of(const Token& token) {
  double value = 0;
  const char* first = token.text.data();
  const char* last = first + token.text.size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end != last || !std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

// "x3", unquoted: a punch count.
bool is_times(const Token& token) {
  const std::string& t = token.text;
  return !token.quoted && t.size() > 1 && t[0] == 'x' && t.find_first_not_of("0123456789", 1) == std::string::npos;
}

// A PIN token: positional and not empty.
bool is_pin(const Token& token) { return token.positional() && !token.text.empty(); }

// Parses the arguments of one step (tokens[0] is its name) into `step`.
// Returns an error message, empty when the line is good.
class StepParser {
 public:
  StepParser(const std::vector<Token>& tokens, ScriptStep& step)
      : args_(tokens.begin() + 1, tokens.end()), step_(step) {}

  std::string parse(const std::string& name) {
    if (name == "boot" || name == "upload" || name == "poll" || name == "reboot") {
      step_.kind = name == "boot"     ? StepKind::kBoot
                   : name == "upload" ? StepKind::kUpload
                   : name == "poll"   ? StepKind::kPoll
                                      : StepKind::kReboot;
      return args_.empty() ? "" : name + " takes no arguments";
    }
    if (name == "punch") return punch();
    if (name == "enrol" || name == "enroll") return enrol();
    if (name == "wait-for-command") return wait_for_command();
    if (name == "sleep") return sleep();
    if (name == "assert") return assertion();
    return "unknown step " + in_double_quotes(name) +
           " (steps: boot, punch, enrol, upload, poll, wait-for-command, reboot, sleep, assert)";
  }

 private:
  // punch [PIN] [xN]
  std::string punch() {
    step_.kind = StepKind::kPunch;
    auto args = args_;
    if (!args.empty() && is_times(args.back())) {
      auto n = protocol::parse_int(std::string_view(args.back().text).substr(1));
      if (!n || *n < 1 || *n > kMaxPunches) return "punch: the count must be x1 to x" + std::to_string(kMaxPunches);
      step_.count = *n;
      args.pop_back();
    }
    if (args.size() > 1 || (args.size() == 1 && !is_pin(args[0]))) return "usage: punch [PIN] [xN]";
    if (!args.empty()) step_.user.pin = args[0].text;
    return "";
  }

  // enrol PIN ["Name"] [name=...] [card=...] [privilege=...] [password=...] [group=...]
  std::string enrol() {
    step_.kind = StepKind::kEnrol;
    if (args_.empty() || !is_pin(args_[0])) return "usage: enrol PIN [\"Name\"] [card=N] ...";
    step_.user.pin = args_[0].text;
    for (std::size_t i = 1; i < args_.size(); ++i) {
      if (i == 1 && args_[i].positional()) {
        step_.user.name = args_[i].text;
        continue;
      }
      if (auto error = user_field(args_[i]); !error.empty()) return "enrol: " + error;
    }
    return "";
  }

  std::string wait_for_command() {
    step_.kind = StepKind::kWaitForCommand;
    step_.seconds = kDefaultCommandTimeoutS;
    if (args_.empty()) return "";
    auto s = args_.size() == 1 ? seconds_of(args_[0]) : std::nullopt;
    if (!s) return "usage: wait-for-command [TIMEOUT_SECONDS]";
    step_.seconds = *s;
    return "";
  }

  std::string sleep() {
    step_.kind = StepKind::kSleep;
    auto s = args_.size() == 1 ? seconds_of(args_[0]) : std::nullopt;
    if (!s) return "usage: sleep SECONDS";
    step_.seconds = *s;
    return "";
  }

  std::string assertion() {
    step_.kind = StepKind::kAssert;
    const std::string what = args_.empty() ? "" : args_[0].text;
    const std::size_t n = args_.size();
    struct Count {
      const char* name;
      AssertKind check;
    };
    for (auto [name, check] : {Count{"users", AssertKind::kUsers}, Count{"templates", AssertKind::kTemplates},
                               Count{"punches", AssertKind::kPunches}, Count{"acked", AssertKind::kAcked}}) {
      if (what != name) continue;
      step_.check = check;
      return expected_count(1, "usage: assert " + what + " N");
    }
    if (what == "user" || what == "no-user") {
      step_.check = what == "user" ? AssertKind::kUser : AssertKind::kNoUser;
      if (n < 2 || !is_pin(args_[1]) || (what == "no-user" && n > 2))
        return what == "user" ? "usage: assert user PIN [name=...] [card=...] ..." : "usage: assert no-user PIN";
      step_.user.pin = args_[1].text;
      for (std::size_t i = 2; i < n; ++i)
        if (auto error = user_field(args_[i]); !error.empty()) return "assert user: " + error;
      return "";
    }
    if (what == "option") {
      step_.check = AssertKind::kOption;
      if (n != 3 || !args_[1].positional() || !args_[2].positional()) return "usage: assert option KEY VALUE";
      step_.key = args_[1].text;
      step_.value = args_[2].text;
      return "";
    }
    if (what == "server") return server_assertion();
    return "usage: assert users|templates|punches|acked N, assert user PIN [FIELD=VALUE...], assert no-user PIN, "
           "assert option KEY VALUE, assert server RESOURCE N, assert server commands-final";
  }

  std::string server_assertion() {
    const std::string what = args_.size() > 1 ? args_[1].text : "";
    if (what == "commands-final") {
      step_.check = AssertKind::kServerCommandsFinal;
      return args_.size() == 2 ? "" : "usage: assert server commands-final";
    }
    std::string usage = "usage: assert server commands-final, or assert server RESOURCE N with RESOURCE one of";
    for (const auto& r : kServerResources) usage += " " + r;
    if (std::find(kServerResources.begin(), kServerResources.end(), what) == kServerResources.end()) return usage;
    step_.check = AssertKind::kServerCount;
    step_.key = what;
    return expected_count(2, usage);
  }

  // The count expected as the argument at `index`, which must be the last.
  std::string expected_count(std::size_t index, const std::string& usage) {
    auto count = args_.size() == index + 1 ? count_of(args_[index], 0) : std::nullopt;
    if (!count) return usage;
    step_.count = *count;
    return "";
  }

  // KEY=VALUE for one of kUserFields, into step_.user.
  std::string user_field(const Token& token) {
    if (!token.positional()) {
      for (const auto& field : kUserFields) {
        if (token.key() != field.key) continue;
        step_.user.*field.member = token.value();
        return "";
      }
    }
    std::string known;
    for (const auto& field : kUserFields) known += std::string(known.empty() ? "" : ", ") + field.key + "=";
    return in_double_quotes(token.text) + " is not one of " + known;
  }

  const std::vector<Token> args_;
  ScriptStep& step_;
};

}  // namespace

bool parse_script(std::string_view text, std::vector<ScriptStep>& steps, ScriptParseError& error) {
  int number = 0;
  bool ok = true;
  protocol::for_each_line(text, [&](std::string_view line) {
    ++number;
    if (!ok) return;
    std::vector<Token> tokens;
    ScriptStep step;
    step.line = number;
    std::string message;
    if (!tokenize(line, tokens, step.text, message)) {
      ok = false;
    } else if (tokens.empty()) {
      return;
    } else if (!tokens[0].positional() || tokens[0].quoted) {
      message = "a line starts with a step name, not " + in_double_quotes(tokens[0].text);
      ok = false;
    } else {
      message = StepParser(tokens, step).parse(tokens[0].text);
      ok = message.empty();
    }
    if (ok)
      steps.push_back(std::move(step));
    else
      error = {number, std::move(message)};
  });
  return ok;
}

}  // namespace zkpush::sim
