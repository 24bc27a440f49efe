// What counts as IN and OUT for a terminal's punches. HR systems want a
// direction (ERPNext's log_type, Odoo's check-in and check-out, BioTime's
// punch_state); terminals send a status: the state key pressed, or 255 when
// none was. A terminal's rule is one of
//   "" or "status"  the status key, by the default mapping below
//   "in" / "out"    an entry or an exit terminal: every punch is that
//   "status:0=in,1=out,..."  the status key, by this mapping only
// The direction is worked out when a punch arrives and stored with it
// (attendance.direction), so a later change of the rule leaves history as
// it was.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace zkpush::service {

struct PunchDirectionRule {
  enum class Mode { kStatus, kIn, kOut };
  Mode mode = Mode::kStatus;
  // kStatus: status -> "in" or "out"; empty for the default mapping
  // (004 §11.2 AttState: 0 check-in, 3 break-in, 4 overtime-in are IN;
  // 1 check-out, 2 break-out, 5 overtime-out are OUT; the rest unknown).
  std::map<int, std::string> mapping;
};

// Nullopt when `text` is none of the forms above.
std::optional<PunchDirectionRule> parse_punch_direction(std::string_view text);
// The rule's text in its shortest form ("status" for the default).
std::string format_punch_direction(const PunchDirectionRule& rule);
// "in", "out" or "" (unknown) for a punch of `status`.
std::string_view punch_direction(const PunchDirectionRule& rule, int status);

}  // namespace zkpush::service
