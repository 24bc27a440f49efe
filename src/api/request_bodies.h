// The JSON request bodies of the API, parsed and checked before anything is
// looked up or stored: the router's only readers of a body (and what
// fuzz/api_body_fuzz.cc feeds with arbitrary bytes). Errors are the 400
// messages the client gets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace zkpush::api {

// POST /api/v1/devices/{sn}/commands: {"command": "<protocol text>"}.
Result<std::string> parse_command_body(std::string_view body);

// A value that goes into a protocol line: no TAB, CR, LF or NUL (they would
// end the field or the command).
bool line_safe(std::string_view value);
// What is wrong with a person's PIN ("pin: ..."), or nullopt: 1 to 24
// characters, no blanks, control characters or '=' (it ends a field).
std::optional<std::string> check_pin(std::string_view pin);

// PUT /api/v1/devices/{sn}/settings: {"<option>": "<value>" | <integer>, ...};
// every value one line (it goes into the handshake's text block).
Result<std::map<std::string, std::string>> parse_settings_body(std::string_view body);

}  // namespace zkpush::api
