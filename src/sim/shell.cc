// See shell.h.
#include "sim/shell.h"

#include <chrono>

#include "protocol/text.h"
#include "sim/command_args.h"

namespace zkpush::sim {
namespace {

// "2026-03-24 16:12:26" -> "Tue Mar 24 16:12:26 UTC 2026"; the text as
// given when it is not such a time.
std::string date_output(std::string_view now) {
  using namespace std::chrono;
  auto part = [&](std::size_t pos, std::size_t len) {
    return protocol::parse_int(now.substr(std::min(pos, now.size()), len)).value_or(0);
  };
  const year_month_day ymd{year{static_cast<int>(part(0, 4))}, month{static_cast<unsigned>(part(5, 2))},
                           day{static_cast<unsigned>(part(8, 2))}};
  if (now.size() != 19 || !ymd.ok()) return std::string(now);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const unsigned wd = weekday{sys_days{ymd}}.c_encoding();
  std::string out = kDays[wd];
  out.append(" ").append(kMonths[static_cast<unsigned>(ymd.month()) - 1]).append(" ");
  out.append(now.substr(8, 2)).append(" ").append(now.substr(11, 8)).append(" UTC ").append(now.substr(0, 4));
  return out;
}

ShellResult list_files(const TerminalDb& db, std::string_view dir) {
  std::string prefix(dir);
  if (!prefix.empty() && prefix.back() != '/') prefix.push_back('/');
  ShellResult r;
  for (const auto& [path, bytes] : db.files)
    if (path.rfind(prefix, 0) == 0) r.output.append(path.substr(prefix.size())).append("\n");
  return r;
}

ShellResult cat_file(const TerminalDb& db, std::string_view path) {
  auto it = db.files.find(std::string(path));
  if (it == db.files.end()) return {1, "cat: " + std::string(path) + ": No such file or directory\n"};
  return {0, it->second};
}

}  // namespace

ShellResult run_shell(const TerminalDb& db, std::string_view command, std::string_view now) {
  std::string_view rest = protocol::trim(command);
  const std::string_view program = next_word(rest);
  if (program == "date") return {0, date_output(now) + "\n"};
  if (program == "echo") return {0, std::string(rest) + "\n"};
  if (program == "ls") return list_files(db, rest);
  if (program == "cat" && !rest.empty()) return cat_file(db, rest);
  return {127, "sh: " + std::string(program) + ": not found\n"};
}

}  // namespace zkpush::sim
