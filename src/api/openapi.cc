#include "api/openapi.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <string>

namespace zkpush::api {

namespace {

nlohmann::json scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() != "?") return text;  // quoted: a string whatever it looks like
  if (text == "true") return true;
  if (text == "false") return false;
  if (text == "null" || text == "~" || text.empty()) return nullptr;
  long long number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size()) return number;
  return text;
}

nlohmann::json convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& item : node) out[item.first.Scalar()] = convert(item.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(convert(item));
      return out;
    }
    case YAML::NodeType::Scalar: return scalar(node);
    default: return nullptr;
  }
}

}  // namespace

nlohmann::json yaml_to_json(std::string_view yaml) { return convert(YAML::Load(std::string(yaml))); }

const nlohmann::json& openapi_document() {
  static const nlohmann::json document = yaml_to_json(kOpenApiYaml);
  return document;
}

}  // namespace zkpush::api
