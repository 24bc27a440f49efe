// What a connector knows of the terminal a punch came from: its device group
// (for a scope by group) and its label (ERPNext's device_id "alias").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace zkpush::service::connectors {

struct Terminal {
  std::optional<int64_t> group;
  std::string alias;  // the terminal's label; empty when it has none
};

// Nullopt for a serial number the server does not know.
using TerminalLookup = std::function<std::optional<Terminal>(const std::string& sn)>;

}  // namespace zkpush::service::connectors
