#include "util/json_text.h"

#include <nlohmann/json.hpp>

namespace zkpush {

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace zkpush
