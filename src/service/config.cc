#include "service/config.h"

#include <ctime>

namespace zkpush::service {

std::string default_time_zone() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  long minutes = local.tm_gmtoff / 60;
  if (minutes % 60 == 0) return std::to_string(minutes / 60);
  return std::to_string(minutes);
}

std::optional<std::string> ServerSettings::get(std::string_view key) const {
  std::lock_guard lock(mu_);
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::map<std::string, std::string> ServerSettings::all() const {
  std::lock_guard lock(mu_);
  return {values_.begin(), values_.end()};
}

void ServerSettings::replace(const std::map<std::string, std::string>& values) {
  std::lock_guard lock(mu_);
  values_ = {values.begin(), values.end()};
}

void ServerSettings::apply(const std::map<std::string, std::string>& values) {
  std::lock_guard lock(mu_);
  for (const auto& [key, value] : values) {
    if (value.empty()) values_.erase(key);
    else values_[key] = value;
  }
}

}  // namespace zkpush::service
