// The server's clock, in one place so tests and the store agree on units.
#pragma once

#include <chrono>
#include <cstdint>

namespace zkpush {

// Unix time in milliseconds (UTC).
inline int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace zkpush
