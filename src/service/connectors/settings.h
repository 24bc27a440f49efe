// The settings every connector shares, read from its config object: which
// punches it takes (scope) and which punch field names the employee.
//   "scope": {"terminals": ["SN1", ...], "groups": [1, ...]}  (empty: every terminal)
//   "field_mapping": {"employee_field_value": "pin" | "person_name"}
// Errors name the field: "config.scope.groups: an array of group ids".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/connectors/terminal.h"
#include "util/error.h"

namespace zkpush::service {
struct Event;
}

namespace zkpush::service::connectors {

struct CommonSettings {
  std::vector<std::string> terminals;  // scope by serial number
  std::vector<int64_t> groups;         // scope by device group
  std::string employee_source = "pin";  // "pin" or "person_name"
};

Result<CommonSettings> read_common_settings(const nlohmann::json& config);

// A punch of terminal `sn` (in `group`) is the connector's to deliver.
bool in_scope(const CommonSettings& settings, const std::string& sn, std::optional<int64_t> group);

// The employee value of a punch (its PIN or person's name); "" when absent.
std::string employee_value(const CommonSettings& settings, const Event& punch);

// config[key] as a non-empty string, or an error naming "config.<key>"
// (`fallback` when absent and a fallback is given).
Result<std::string> required_text(const nlohmann::json& config, const char* key);
Result<std::string> optional_text(const nlohmann::json& config, const char* key, std::string fallback);
// An http:// or https:// base URL without a trailing '/'.
Result<std::string> base_url(const nlohmann::json& config);

}  // namespace zkpush::service::connectors
