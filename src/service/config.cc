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

}  // namespace zkpush::service
