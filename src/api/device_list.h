// GET /api/v1/devices: every terminal, or (with ?limit=) one page of them,
// filtered, searched and sorted on the server for the console's list of
// ten thousand terminals, with the models and firmware versions seen among
// the terminals that pass the other filters (the console's filter choices).
#pragma once

#include <map>

#include "api/api_context.h"
#include "api/responses.h"
#include "api/route_table.h"

namespace zkpush::api {

// A device as the API shows it. `queued`: the store's queued_counts().
json device_view(ApiContext& c, const service::Device& device, int64_t now,
                 const std::map<store::DeviceId, int64_t>& queued);

void list_devices(ApiContext& c, ApiCall& call);

}  // namespace zkpush::api
