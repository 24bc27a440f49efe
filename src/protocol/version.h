// PUSH protocol versions as terminals announce them, and the behaviour that
// depends on them.
//
// Forms seen: handshake `pushver=2.4.1`, `2.2.14` (D01), `3.0.1` (D10); INFO
// `PushVersion=Ver 2.0.33S-20220623` (R27), `Ver 3.0.4S-20240809` (R20).
// A version is the first run of up to three dot-separated numbers; any text
// before it ("Ver ") or after it ("S-20220623") is ignored.
#pragma once

#include <optional>
#include <string_view>

namespace zkpush::protocol {

struct PushVersion {
  int major = 0, minor = 0, patch = 0;
};

// nullopt when the text holds no digit at all.
std::optional<PushVersion> parse_push_version(std::string_view text);

// Upload acknowledgement with a count ("OK: n") from 2.2.14 up; plain "OK"
// when pushver is absent or older (AMB-18, EMIT-05).
bool acks_with_count(std::string_view pushver);

// No pushver at all: 000/002-era firmware (AMB-39 follows 002:L205, not
// 004:L4962's "assume 2.2.14"): digit TransFlag, plain OK, legacy commands.
bool is_legacy(std::string_view pushver);

// The device expects POST /iclock/registry and a RegistryCode before it
// uploads anything: access-control firmware announcing DeviceType=acc (B4,
// R20), or PUSH 3.x from a device that names no type (D10). A device that
// names another type is not: a SenseFace 3A announcing 2.4.1/att (B5), an
// attendance terminal announcing 3.0.1/att, a canteen terminal's
// device_type=30 with its own pushver 4.0.1 (D09) (push3_catalog §6.2).
bool needs_registry(std::string_view pushver, std::string_view device_type);

// Whether a device speaks the access dialect: it registered, or announced
// itself so; DeviceType=att on its last handshake wins over a registration
// on file (a terminal switched to attendance PUSH).
bool speaks_access(bool registered, std::string_view pushver, std::string_view device_type);

}  // namespace zkpush::protocol
