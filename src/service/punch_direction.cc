#include "service/punch_direction.h"

#include "protocol/text.h"

namespace zkpush::service {

namespace {

std::string_view default_direction(int status) {
  switch (status) {
    case 0: case 3: case 4: return "in";
    case 1: case 2: case 5: return "out";
    default: return "";
  }
}

}  // namespace

std::optional<PunchDirectionRule> parse_punch_direction(std::string_view text) {
  text = protocol::trim(text);
  PunchDirectionRule rule;
  if (text.empty() || text == "status") return rule;
  if (text == "in" || text == "out") {
    rule.mode = text == "in" ? PunchDirectionRule::Mode::kIn : PunchDirectionRule::Mode::kOut;
    return rule;
  }
  if (!text.starts_with("status:")) return std::nullopt;
  text.remove_prefix(7);
  for (std::string_view pair : protocol::split(text, ',')) {
    pair = protocol::trim(pair);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto status = protocol::parse_int(protocol::trim(pair.substr(0, eq)));
    const std::string_view direction = protocol::trim(pair.substr(eq + 1));
    if (!status || *status < 0 || *status > 255 || (direction != "in" && direction != "out")) return std::nullopt;
    rule.mapping[static_cast<int>(*status)] = std::string(direction);
  }
  if (rule.mapping.empty()) return std::nullopt;
  return rule;
}

std::string format_punch_direction(const PunchDirectionRule& rule) {
  switch (rule.mode) {
    case PunchDirectionRule::Mode::kIn: return "in";
    case PunchDirectionRule::Mode::kOut: return "out";
    case PunchDirectionRule::Mode::kStatus: break;
  }
  if (rule.mapping.empty()) return "status";
  std::string text = "status:";
  for (const auto& [status, direction] : rule.mapping) {
    if (text.size() > 7) text += ',';
    text += std::to_string(status) + "=" + direction;
  }
  return text;
}

std::string_view punch_direction(const PunchDirectionRule& rule, int status) {
  switch (rule.mode) {
    case PunchDirectionRule::Mode::kIn: return "in";
    case PunchDirectionRule::Mode::kOut: return "out";
    case PunchDirectionRule::Mode::kStatus: break;
  }
  if (rule.mapping.empty()) return default_direction(status);
  auto it = rule.mapping.find(status);
  return it == rule.mapping.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace zkpush::service
