// Dialect profiles: how a generation of firmware talks (legacy_catalog §2.3,
// field-captures B7/B8).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zkpush::sim {

struct Profile {
  std::string name;
  std::string push_version;   // empty: no pushver (000/002 firmware)
  bool legacy = false;        // no table= on ATTLOG/OPERLOG posts (Stamp=/OpStamp= routing), bare OK expected
  bool http10 = false;        // request line HTTP/1.0 (B7)
  bool content_type = true;   // some firmware sends none (R11)
  int attlog_fields = 7;      // 7 (X100-C) or 11 (MB10-VL/SA40: MaskFlag, temperatures, sequence)
  bool biodata = false;       // templates go up as BIODATA lines (004 §11.12), not FP/FACE
};

// "legacy", "2.2.14", "2.4.1", "canteen", "access"; nullopt for an unknown name.
std::optional<Profile> profile_by_name(std::string_view name);

}  // namespace zkpush::sim
