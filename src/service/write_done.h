// How a service reports a write the API asked for: once the store has
// committed it (and the caches followed) or refused it. Runs on the store's
// callback thread.
#pragma once

#include <functional>

#include "util/error.h"

namespace zkpush::service {

using WriteDone = std::function<void(Status)>;
// A write to one row named by its key; `found` is false (and nothing was
// changed) when there is no such row.
using RowWriteDone = std::function<void(Status, bool found)>;

}  // namespace zkpush::service
