// Self-healing attendance (004 §12.3.3 VERIFY SUM ATTLOG): a terminal
// answers with the number of records it holds in a window (AttlogSum). When
// the server holds fewer, it queues DATA QUERY ATTLOG for the same window —
// the terminal uploads the window again and deduplication keeps each record
// once — and appends a reconciliation.mismatch event in the same
// transaction. More on the server than on the terminal (a cleared terminal)
// is reported by the event only.
#pragma once

#include <functional>
#include <memory>

#include "protocol/records.h"
#include "service/command_queue.h"
#include "service/device.h"
#include "store/store.h"

namespace zkpush::service {

// Called with every reply stored for `device`; acts on VERIFY SUM replies
// only. Reads the store and queues asynchronously; `done` runs once what it
// queued is committed (at once when there is nothing to queue), so the
// terminal's reply is acknowledged only after the follow-up is durable.
void reconcile_verify_sum(store::Store& store, CommandQueue& commands, const std::shared_ptr<Device>& device,
                          const protocol::CommandReply& reply, std::function<void()> done);

}  // namespace zkpush::service
