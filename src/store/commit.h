// Submitting a batch and waiting for its commit, for callers that may block
// (the CLI, the sync engine's worker, the webhook worker). Never call it from
// the store's callback thread (a batch callback): it would wait for itself.
#pragma once

#include "store/store.h"

namespace zkpush::store {

// Submits `batch` and blocks until it is committed or failed; the batch's
// out fields are filled in `batch` on return.
Status commit_and_wait(Store& store, WriteBatch& batch);

}  // namespace zkpush::store
