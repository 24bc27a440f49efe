// CONTROL DEVICE (see door_commands.h).
#include "protocol/access/door_commands.h"

#include <array>
#include <cstdio>
#include <utility>

#include "protocol/text.h"

namespace zkpush::protocol::access {
namespace {

constexpr std::array<std::pair<DoorAction, std::string_view>, 6> kActionNames = {{
    {DoorAction::kOpen, "open"},
    {DoorAction::kKeepOpen, "keep_open"},
    {DoorAction::kClose, "close"},
    {DoorAction::kCancelAlarm, "cancel_alarm"},
    {DoorAction::kLock, "lock"},
    {DoorAction::kUnlock, "unlock"},
}};

std::string groups(int aa, int bb, int cc, int dd) {
  char text[9];
  std::snprintf(text, sizeof text, "%02X%02X%02X%02X", aa & 0xFF, bb & 0xFF, cc & 0xFF, dd & 0xFF);
  return "CONTROL DEVICE " + std::string(text, 8);
}

int hex_digit(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::optional<DoorAction> door_action_from_name(std::string_view name) {
  for (const auto& [action, n] : kActionNames)
    if (iequals(name, n)) return action;
  return std::nullopt;
}

std::string_view door_action_name(DoorAction action) {
  for (const auto& [a, n] : kActionNames)
    if (a == action) return n;
  return "";
}

std::string control_device(DoorAction action, int door, int seconds) {
  switch (action) {
    case DoorAction::kOpen: return groups(1, door, 1, seconds);
    case DoorAction::kKeepOpen: return groups(1, door, 1, 0xFF);
    case DoorAction::kClose: return groups(1, door, 1, 0);
    case DoorAction::kCancelAlarm: return groups(2, door, 0, 0);
    case DoorAction::kLock: return groups(6, door, 1, 0);
    case DoorAction::kUnlock: return groups(6, door, 0, 0);
  }
  return {};
}

std::optional<DoorCommand> parse_control_device(std::string_view hex) {
  hex = trim(hex);
  if (hex.size() < 8 || hex.size() % 2 != 0) return std::nullopt;
  std::array<int, 4> g{};
  for (std::size_t i = 0; i < g.size(); ++i) {
    const int high = hex_digit(hex[2 * i]), low = hex_digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    g[i] = high * 16 + low;
  }
  DoorCommand c;
  c.door = g[1];
  if (g[0] == 1 && g[2] == 1) {
    c.action = g[3] == 0xFF ? DoorAction::kKeepOpen : g[3] == 0 ? DoorAction::kClose : DoorAction::kOpen;
    c.seconds = c.action == DoorAction::kOpen ? g[3] : 0;
    return c;
  }
  if (g[0] == 2) return c.action = DoorAction::kCancelAlarm, c;
  if (g[0] == 6) return c.action = g[2] == 1 ? DoorAction::kLock : DoorAction::kUnlock, c;
  return std::nullopt;
}

}  // namespace zkpush::protocol::access
