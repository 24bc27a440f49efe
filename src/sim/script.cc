#include "sim/script.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sim/api_client.h"
#include "sim/script_parser.h"

namespace zkpush::sim {
namespace asio = boost::asio;

namespace {

using Clock = Terminal::Clock;

// Steps that talk to the server (boot, upload, poll, reboot) give up after this long.
constexpr std::chrono::seconds kServerStepTimeout{30};
// wait-for-command polls this often (a terminal would wait Delay seconds).
constexpr std::chrono::seconds kCommandPollInterval{1};

// How a step ended: `message` says why it failed, or adds a note to "ok".
struct Outcome {
  bool ok = true;
  std::string message;
};

Outcome failed(std::string message) { return {false, std::move(message)}; }

// "1 punch", "3 punches".
std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

Outcome expect_count(long long expected, std::size_t got) {
  if (static_cast<long long>(got) == expected) return {};
  return failed("expected " + std::to_string(expected) + ", got " + std::to_string(got));
}

bool is_server_assert(const ScriptStep& step) {
  return step.kind == StepKind::kAssert &&
         (step.check == AssertKind::kServerCount || step.check == AssertKind::kServerCommandsFinal);
}

// An assert about the terminal's own database; nullopt for the server's.
std::optional<Outcome> check_terminal(const ScriptStep& step, const Terminal& terminal) {
  const TerminalDb& db = terminal.db();
  const auto user = db.users.find(step.user.pin);
  switch (step.check) {
    case AssertKind::kUsers:
      return expect_count(step.count, db.users.size());
    case AssertKind::kTemplates:
      return expect_count(step.count, db.templates.size());
    case AssertKind::kPunches:
      return expect_count(step.count, db.attlogs.size());
    case AssertKind::kAcked:
      return expect_count(step.count, terminal.acknowledged().size());
    case AssertKind::kNoUser:
      if (user == db.users.end()) return Outcome{};
      return failed("expected no user " + step.user.pin + ", got one named " + in_double_quotes(user->second.name.value_or("")));
    case AssertKind::kUser:
      if (user == db.users.end()) return failed("expected user " + step.user.pin + ", got none");
      for (const auto& field : kUserFields) {
        const auto& want = step.user.*field.member;
        const std::string got = (user->second.*field.member).value_or("");
        if (want && *want != got)
          return failed(std::string("expected ") + field.key + "=" + in_double_quotes(*want) + ", got " + in_double_quotes(got));
      }
      return Outcome{};
    case AssertKind::kOption: {
      const auto option = db.options.find(step.key);
      const std::string want = step.key + "=" + in_double_quotes(step.value);
      if (option == db.options.end()) return failed("expected " + want + ", got no " + step.key);
      if (option->second != step.value) return failed("expected " + want + ", got " + in_double_quotes(option->second));
      return Outcome{};
    }
    case AssertKind::kServerCount:
    case AssertKind::kServerCommandsFinal:
      break;
  }
  return std::nullopt;
}

// Runs the steps in order on one terminal, printing each; stops at the first failure.
class Runner {
 public:
  // `api` reads the JSON API for `assert server`; null when the script has none.
  Runner(asio::any_io_executor executor, Terminal& terminal, HttpClient* api, std::string path)
      : executor_(std::move(executor)), terminal_(terminal), api_(api), path_(std::move(path)) {}

  // 0 when every step passed, else 1.
  asio::awaitable<int> run(const std::vector<ScriptStep>& steps) {
    const auto start = Clock::now();
    for (const auto& step : steps) {
      std::printf("[%6.2fs] line %d: %s ... ", seconds_since(start), step.line, step.text.c_str());
      std::fflush(stdout);
      const Outcome outcome = co_await execute(step);
      if (outcome.ok) {
        if (outcome.message.empty())
          std::printf("ok\n");
        else
          std::printf("ok (%s)\n", outcome.message.c_str());
        continue;
      }
      std::printf("FAILED\n");
      std::fflush(stdout);
      std::fprintf(stderr, "script %s:%d: %s: %s\n", path_.c_str(), step.line, step.text.c_str(),
                   outcome.message.c_str());
      co_return 1;
    }
    std::printf("[%6.2fs] %s passed\n", seconds_since(start), counted(steps.size(), "step", "steps").c_str());
    co_return 0;
  }

 private:
  static double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  asio::awaitable<Outcome> execute(const ScriptStep& step) {
    const auto until = Clock::now() + kServerStepTimeout;
    const std::string too_slow = "no answer within " + std::to_string(kServerStepTimeout.count()) + " s";
    const std::size_t acked = terminal_.acknowledged().size();
    switch (step.kind) {
      case StepKind::kBoot: {
        const bool answered = co_await terminal_.boot(until);
        co_return answered ? Outcome{} : failed(too_slow);
      }
      case StepKind::kPunch:
        if (step.user.pin.empty() && terminal_.db().users.empty())
          co_return failed("nobody to punch: give a PIN or enrol someone first");
        for (long long i = 0; i < step.count; ++i)
          terminal_.punch(step.user.pin.empty() ? std::nullopt : std::optional<std::string>(step.user.pin));
        co_return Outcome{};
      case StepKind::kEnrol:
        terminal_.enrol(step.user);
        co_return Outcome{};
      case StepKind::kUpload:
      case StepKind::kReboot:
        if (step.kind == StepKind::kUpload)
          co_await terminal_.upload(until);
        else
          co_await terminal_.reboot(until);
        if (Clock::now() >= until) co_return failed(too_slow);
        if (terminal_.acknowledged().size() == acked) co_return Outcome{};
        co_return Outcome{true, counted(terminal_.acknowledged().size() - acked, "punch", "punches") + " acknowledged"};
      case StepKind::kPoll: {
        const int commands = co_await terminal_.poll(until);
        co_return Outcome{true, counted(commands, "command", "commands")};
      }
      case StepKind::kWaitForCommand:
        co_return co_await wait_for_command(step.seconds);
      case StepKind::kSleep:
        co_await sleep_until(Clock::now() + seconds(step.seconds));
        co_return Outcome{};
      case StepKind::kAssert:
        break;
    }
    if (auto outcome = check_terminal(step, terminal_)) co_return *outcome;
    co_return co_await check_server(step);
  }

  asio::awaitable<Outcome> wait_for_command(double timeout_s) {
    const auto deadline = Clock::now() + seconds(timeout_s);
    do {
      const int commands = co_await terminal_.poll(deadline);
      if (commands > 0) co_return Outcome{true, counted(commands, "command", "commands")};
      co_await sleep_until(std::min(Clock::now() + kCommandPollInterval, deadline));
    } while (Clock::now() < deadline);
    char text[32];
    std::snprintf(text, sizeof text, "%g", timeout_s);
    co_return failed(std::string("no command came within ") + text + " s");
  }

  asio::awaitable<Outcome> check_server(const ScriptStep& step) {
    // Built before the co_await: GCC 12 mishandles a conditional temporary inside one.
    const std::string resource = step.check == AssertKind::kServerCount ? step.key : std::string("commands");
    const std::string path = "/api/v1/devices/" + terminal_.sn() + "/" + resource;
    auto [items, error] = co_await fetch_all(*api_, path);
    if (!error.empty()) co_return failed(error);
    if (step.check == AssertKind::kServerCount) co_return expect_count(step.count, items.size());
    for (const auto& command : items) {
      const std::string status = command.value("status", "");
      if (status != "done" && status != "failed" && status != "expired")
        co_return failed("expected every command final, got command " + command.value("id", "") + " (" +
                         command.value("command", "") + ") " + status);
    }
    co_return Outcome{true, counted(items.size(), "command", "commands")};
  }

  asio::awaitable<void> sleep_until(Clock::time_point when) {
    asio::steady_timer timer(executor_, when);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  asio::any_io_executor executor_;
  Terminal& terminal_;
  HttpClient* api_;
  std::string path_;
};

}  // namespace

int run_script_file(const std::string& path, const TerminalConfig& config, const HttpOptions& http,
                    const std::string& server_url, const std::string& api_url, const std::string& api_token) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (!(in && text << in.rdbuf())) {
    std::fprintf(stderr, "script %s: cannot read it\n", path.c_str());
    return 2;
  }
  std::vector<ScriptStep> steps;
  ScriptParseError parse_error;
  if (!parse_script(text.str(), steps, parse_error)) {
    std::fprintf(stderr, "script %s:%d: %s\n", path.c_str(), parse_error.line, parse_error.message.c_str());
    return 2;
  }
  if (steps.empty()) {
    std::fprintf(stderr, "script %s: no steps\n", path.c_str());
    return 2;
  }
  asio::ip::tcp::endpoint server, api;
  std::string error;
  if (!parse_server_url(server_url, server, error)) {
    std::fprintf(stderr, "--server %s: %s\n", server_url.c_str(), error.c_str());
    return 2;
  }
  const bool needs_api = std::any_of(steps.begin(), steps.end(), is_server_assert);
  if (needs_api && !parse_server_url(api_url, api, error)) {
    std::fprintf(stderr, "--api %s: %s\n", api_url.c_str(), error.c_str());
    return 2;
  }

  asio::io_context io(1);
  Stats stats;
  Terminal terminal(io.get_executor(), server, http, config, stats);
  std::optional<HttpClient> api_client;
  if (needs_api) {
    api_client.emplace(io.get_executor(), api, api_http_options(api_token));
  }
  Runner runner(io.get_executor(), terminal, api_client ? &*api_client : nullptr, path);
  int status = 1;
  asio::co_spawn(io, runner.run(steps), [&](std::exception_ptr e, int result) {
    status = result;
    if (!e) return;
    status = 1;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      std::fprintf(stderr, "script %s: stopped: %s\n", path.c_str(), x.what());
    } catch (...) {
      std::fprintf(stderr, "script %s: stopped by an exception\n", path.c_str());
    }
  });
  io.run();
  return status;
}

}  // namespace zkpush::sim
