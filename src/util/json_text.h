// A JSON value as the text the server sends and stores: compact, and any
// invalid UTF-8 in a string (a terminal's bytes) replaced by U+FFFD instead
// of throwing.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace zkpush {

std::string json_text(const nlohmann::json& value);

}  // namespace zkpush
