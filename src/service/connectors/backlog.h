// A connector's backlog for its status: the punches in its scope after its
// cursor. Counted as attendance rows with an id past the cursor's
// attendance position, of the terminals in scope: exact for what the
// connector delivers, since it takes attendance.created events only.
#pragma once

#include "service/connectors/settings.h"
#include "store/store.h"

namespace zkpush::service::connectors {

Result<int64_t> connector_backlog(store::Store& store, const CommonSettings& settings, int64_t after_attendance,
                                  const TerminalLookup& terminals);

}  // namespace zkpush::service::connectors
