// zkpush's records as BioTime's REST API shows them (docs/biotime-api.md
// names each field's source): punches as transactions, terminals, persons
// as employees, device groups as areas, and the one department.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "store/store.h"

namespace zkpush::api {

// Device groups by id, for the areas punches, terminals and employees name.
using GroupNames = std::map<int64_t, std::string>;
Result<GroupNames> read_group_names(store::Store& store);

// zkpush has no departments: every employee is in BioTime's default one.
inline constexpr int64_t kDepartmentId = 1;
nlohmann::json department_json();

// {id, area_code, area_name}: a device group, or the "No group" area of a
// terminal that has none (id 0).
inline constexpr std::string_view kNoGroupArea = "No group";
nlohmann::json area_json(std::optional<int64_t> group_id, const GroupNames& groups);

// What a punch's terminal adds to it: its label and its group's name.
struct TerminalLabel {
  std::string alias;
  std::string area = std::string(kNoGroupArea);
};
nlohmann::json transaction_json(const store::AttendanceRow& row, const TerminalLabel& terminal);

nlohmann::json terminal_json(const store::DeviceRow& device, bool online, const GroupNames& groups);

nlohmann::json employee_json(const store::PersonRow& person, const std::vector<int64_t>& group_ids,
                             const GroupNames& groups);

// BioTime's punch_state for a punch: its status when the status says the
// direction the punch was given, else "0" (Check In) or "1" (Check Out)
// from that direction; the status as sent when the direction is unknown.
int biotime_punch_state(int status, std::string_view direction);

}  // namespace zkpush::api
