#include "sim/server_replies.h"

#include "protocol/record_time.h"

#include <ctime>

#include "protocol/record_time.h"
#include "protocol/text.h"

namespace zkpush::sim {

using protocol::iequals;
using protocol::trim;

namespace {

int to_int(const std::map<std::string, std::string>& values, const char* key, int fallback) {
  auto it = values.find(key);
  if (it == values.end()) return fallback;
  return static_cast<int>(protocol::parse_int(it->second).value_or(fallback));
}

// Format I digit positions (004 §5).
constexpr const char* kDigitNames[] = {"AttLog", "OpLog",   "AttPhoto", "EnrollFP", "EnrollUser", "FPImag",
                                       "ChgUser", "ChgFP",  "FACE",     "UserPic",  "WORKCODE",   "BioPhoto"};

std::vector<std::string> trans_flag_names(std::string_view value) {
  std::vector<std::string> names;
  value = trim(value);
  bool digits = !value.empty();
  for (char c : value) digits = digits && (c == '0' || c == '1');
  if (digits) {
    for (std::size_t i = 0; i < value.size() && i < std::size(kDigitNames); ++i)
      if (value[i] == '1') names.emplace_back(kDigitNames[i]);
    return names;
  }
  std::string word;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      if (!word.empty() && word != "TransData") names.push_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty() && word != "TransData") names.push_back(word);
  return names;
}

}  // namespace

std::string ServerOptions::stamp(std::string_view table) const {
  auto find = [this](const std::string& key) -> const std::string* {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
  };
  if (auto* v = find(std::string(table) + "Stamp")) return *v;
  const char* legacy = table == "ATTLOG" ? "Stamp" : table == "OPERLOG" ? "OpStamp" : "PhotoStamp";
  if (auto* v = find(legacy)) return *v;
  return "0";
}

bool ServerOptions::allows(std::string_view flag) const {
  if (trans_flags.empty()) return true;  // no TransFlag: firmware uploads everything
  for (const auto& name : trans_flags)
    if (iequals(name, flag)) return true;
  return false;
}

ServerOptions parse_handshake_reply(std::string_view sn, std::string_view body) {
  ServerOptions options;
  bool first = true;
  protocol::for_each_line(body, [&](std::string_view line) {
    if (first) {
      first = false;
      options.registered = trim(line) == "GET OPTION FROM: " + std::string(sn);
      return;
    }
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return;
    options.values[std::string(trim(line.substr(0, eq)))] = std::string(trim(line.substr(eq + 1)));
  });
  options.delay_s = std::max(1, to_int(options.values, "Delay", 10));
  options.error_delay_s = std::max(1, to_int(options.values, "ErrorDelay", 30));
  options.trans_interval_min = to_int(options.values, "TransInterval", 1);
  options.realtime = to_int(options.values, "Realtime", 1) != 0;
  if (auto it = options.values.find("TimeZone"); it != options.values.end())
    options.time_zone_minutes = protocol::time_zone_minutes(it->second).value_or(0);
  if (auto it = options.values.find("TransFlag"); it != options.values.end())
    options.trans_flags = trans_flag_names(it->second);
  if (auto it = options.values.find("TransTimes"); it != options.values.end()) {
    std::string_view rest = it->second;
    while (!rest.empty()) {  // "HH:MM;HH:MM" (004 §5; up to 10 entries)
      auto semicolon = rest.find(';');
      std::string_view entry = trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
      auto colon = entry.find(':');
      auto hours = protocol::parse_int(entry.substr(0, colon));
      auto minutes = colon == std::string_view::npos ? std::nullopt : protocol::parse_int(entry.substr(colon + 1));
      if (hours && minutes && *hours >= 0 && *hours < 24 && *minutes >= 0 && *minutes < 60)
        options.trans_times.push_back(static_cast<int>(*hours * 60 + *minutes));
    }
  }
  return options;
}

long long seconds_to_next_trans_time(const ServerOptions& options, long long local_seconds) {
  constexpr long long kDay = 86400;
  const long long now_in_day = ((local_seconds % kDay) + kDay) % kDay;
  long long best = -1;
  for (int minute : options.trans_times) {
    long long wait = minute * 60LL - now_in_day;
    if (wait <= 0) wait += kDay;
    if (best < 0 || wait < best) best = wait;
  }
  return best;
}

std::vector<ServerCommand> parse_command_lines(std::string_view body) {
  std::vector<ServerCommand> commands;
  protocol::for_each_line(body, [&](std::string_view line) {
    // A line without "C:" continues the command before it: the access
    // dialect's further rows of one DATA UPDATE (CN24 §12.1.1).
    if (!(line.size() >= 3 && line[0] == 'C' && line[1] == ':')) {
      if (!commands.empty() && !trim(line).empty()) commands.back().text += "\n" + std::string(line);
      return;
    }
    auto colon = line.find(':', 2);
    if (colon == std::string_view::npos) return;
    commands.push_back({std::string(trim(line.substr(2, colon - 2))), std::string(line.substr(colon + 1))});
  });
  return commands;
}

bool is_upload_ack(std::string_view body) {
  body = trim(body);
  if (body == "OK") return true;
  if (body.substr(0, 3) != "OK:") return false;
  return protocol::parse_int(body.substr(3)).has_value();
}

long long parse_http_date(std::string_view date) {
  std::tm tm{};
  std::string text(trim(date));
  if (!strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return 0;
  return static_cast<long long>(timegm(&tm));
}

}  // namespace zkpush::sim
