#include "api/request_bodies.h"

#include <nlohmann/json.hpp>

namespace zkpush::api {

bool line_safe(std::string_view value) {
  return value.find_first_of(std::string_view("\t\r\n\0", 4)) == std::string_view::npos;
}

std::optional<std::string> check_pin(std::string_view pin) {
  constexpr std::size_t kMaxPinLength = 24;
  if (pin.empty() || pin.size() > kMaxPinLength) return "pin: 1 to " + std::to_string(kMaxPinLength) + " characters";
  for (char c : pin)
    if (static_cast<unsigned char>(c) <= ' ' || c == '=' || c == 0x7f)
      return std::string("pin: no spaces, control characters or '='");
  return std::nullopt;
}
namespace {

using nlohmann::json;

// The body as a JSON object (parsing never throws: bad input is a value).
Result<json> json_object(std::string_view body) {
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return Error::invalid("body must be a JSON object");
  return value;
}

}  // namespace

Result<std::string> parse_command_body(std::string_view body) {
  auto object = json_object(body);
  if (!object) return object.error();
  auto it = object->find("command");
  if (it == object->end() || !it->is_string()) return Error::invalid("command: a string is required");
  return it->get<std::string>();
}

Result<std::map<std::string, std::string>> parse_settings_body(std::string_view body) {
  auto object = json_object(body);
  if (!object) return object.error();
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : object->items()) {
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number_integer()) {
      text = std::to_string(value.get<long long>());
    } else {
      return Error::invalid(key + ": a string or integer is required");
    }
    if (text.find_first_of("\r\n") != std::string::npos) return Error::invalid(key + ": must be a single line");
    values[key] = std::move(text);
  }
  return values;
}

}  // namespace zkpush::api
