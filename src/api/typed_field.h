// Reading one JSON value of a typed command (typed_commands.h): the checks of
// each FieldType, and the canonical text the command carries.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/typed_commands.h"
#include "util/error.h"

namespace zkpush::api {

// `value` as `field` sends it ("7", "0830", "2026-11-01 08:00:00"), or an
// invalid-input error "<name>: <problem>".
Result<std::string> read_typed_field(const TypedField& field, const nlohmann::json& value);

}  // namespace zkpush::api
