#include "sim/profile.h"

namespace zkpush::sim {

std::optional<Profile> profile_by_name(std::string_view name) {
  if (name == "legacy") return Profile{"legacy", "", true, true, false, 7, false};
  if (name == "2.2.14") return Profile{"2.2.14", "2.2.14", false, false, true, 7, false};
  if (name == "2.4.1") return Profile{"2.4.1", "2.4.1", false, false, true, 11, true};
  // A canteen terminal (spec 001, sim/canteen_terminal.h); the attendance fields do not apply.
  if (name == "canteen") return Profile{"canteen", "4.0.1", false, false, true, 7, false};
  // An access panel (Security PUSH, sim/access_panel.h); the attendance fields do not apply.
  if (name == "access") return Profile{"access", "3.1.2", false, false, true, 7, false};
  return std::nullopt;
}

}  // namespace zkpush::sim
