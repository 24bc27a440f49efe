#include "service/connectors/settings.h"

#include <algorithm>

#include "protocol/text.h"
#include "service/event_feed.h"

namespace zkpush::service::connectors {

using nlohmann::json;

Result<std::string> required_text(const json& config, const char* key) {
  auto it = config.find(key);
  if (it == config.end() || !it->is_string() || it->get<std::string>().empty())
    return Error::invalid(std::string("config.") + key + ": a non-empty string is required");
  return it->get<std::string>();
}

Result<std::string> optional_text(const json& config, const char* key, std::string fallback) {
  if (!config.contains(key)) return fallback;
  return required_text(config, key);
}

Result<std::string> base_url(const json& config) {
  auto url = required_text(config, "url");
  if (!url) return url;
  if (!protocol::istarts_with(*url, "http://") && !protocol::istarts_with(*url, "https://"))
    return Error::invalid("config.url: an http:// or https:// URL is required");
  while (url->back() == '/') url->pop_back();
  return url;
}

Result<CommonSettings> read_common_settings(const json& config) {
  CommonSettings s;
  if (auto scope = config.find("scope"); scope != config.end()) {
    if (!scope->is_object()) return Error::invalid("config.scope: an object {terminals, groups}");
    if (auto t = scope->find("terminals"); t != scope->end()) {
      if (!t->is_array()) return Error::invalid("config.scope.terminals: an array of serial numbers");
      for (const auto& sn : *t) {
        if (!sn.is_string()) return Error::invalid("config.scope.terminals: an array of serial numbers");
        s.terminals.push_back(sn.get<std::string>());
      }
    }
    if (auto g = scope->find("groups"); g != scope->end()) {
      if (!g->is_array()) return Error::invalid("config.scope.groups: an array of group ids");
      for (const auto& id : *g) {
        if (!id.is_number_integer()) return Error::invalid("config.scope.groups: an array of group ids");
        s.groups.push_back(id.get<int64_t>());
      }
    }
  }
  if (auto m = config.find("field_mapping"); m != config.end()) {
    if (!m->is_object()) return Error::invalid("config.field_mapping: an object {employee_field_value}");
    auto source = optional_text(*m, "employee_field_value", "pin");
    if (!source || (*source != "pin" && *source != "person_name"))
      return Error::invalid("config.field_mapping.employee_field_value: \"pin\" or \"person_name\"");
    s.employee_source = *source;
  }
  return s;
}

bool in_scope(const CommonSettings& s, const std::string& sn, std::optional<int64_t> group) {
  if (s.terminals.empty() && s.groups.empty()) return true;
  if (std::find(s.terminals.begin(), s.terminals.end(), sn) != s.terminals.end()) return true;
  return group && std::find(s.groups.begin(), s.groups.end(), *group) != s.groups.end();
}

std::string employee_value(const CommonSettings& s, const Event& punch) {
  return punch.data.value(s.employee_source, std::string());
}

}  // namespace zkpush::service::connectors
