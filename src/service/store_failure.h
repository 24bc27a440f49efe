// How the service logs a store call that failed. A full or failing disk
// or a database that cannot be reached
// (Error::Kind::kUnavailable) is an outage the store reports once when it
// begins and once when it ends (DeviceService::start watches it), so the
// requests it refuses meanwhile are logged at debug level only: a full disk
// makes two log lines, not one per request for as long as it lasts. Any other
// failure is logged at error level, with `what` naming the device.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

#include "util/error.h"

namespace zkpush::service {

inline void log_store_failure(const Error& error, std::string_view what) {
  const auto level = error.kind == Error::Kind::kUnavailable ? spdlog::level::debug : spdlog::level::err;
  spdlog::log(level, "{}: {}", what, error.message);
}

}  // namespace zkpush::service
