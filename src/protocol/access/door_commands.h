// CONTROL DEVICE AABBCCDD[EE] (CN24 §12.4; push3_catalog §3.6): each group one
// byte as two upper-case hex digits, the type numbers of the table decimal
// (10 -> 0A). The operator byte EE is left out, as in every example the
// documents and ZKTeco's demos send ("CONTROL DEVICE 01010105").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zkpush::protocol::access {

enum class DoorAction {
  kOpen,         // 01 <door> 01 <seconds 1-254>: unlock for a while
  kKeepOpen,     // 01 <door> 01 FF: normally open until closed
  kClose,        // 01 <door> 01 00: lock now (ends a normally-open state)
  kCancelAlarm,  // 02 <door> 00 00
  kLock,         // 06 <door> 01 00: lock down (verifications no longer open it)
  kUnlock,       // 06 <door> 00 00: lift a lock-down
};

// nullopt for an unknown name. Names: open, keep_open, close, cancel_alarm, lock, unlock.
std::optional<DoorAction> door_action_from_name(std::string_view name);
std::string_view door_action_name(DoorAction action);

// `door` 0 = every door, else 1-16; `seconds` (kOpen only) 1-254.
std::string control_device(DoorAction action, int door, int seconds);

// A CONTROL DEVICE line read back (by the emulator): nullopt when it is not
// one of the actions above.
struct DoorCommand {
  DoorAction action = DoorAction::kOpen;
  int door = 0;
  int seconds = 0;
};
std::optional<DoorCommand> parse_control_device(std::string_view hex);

}  // namespace zkpush::protocol::access
