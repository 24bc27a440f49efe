// The identifiers every store record uses.
#pragma once

#include <cstdint>

namespace zkpush::store {

using DeviceId = int64_t;
using TimeMs = int64_t;  // Unix time in milliseconds (UTC), server clock

}  // namespace zkpush::store
