// The per-device command queue (004 §12, §13).
//
// Lifecycle: queued -> sent (delivered by getrequest) -> done (Return >= 0) |
// failed (Return < 0) | expired (no reply within the timeout, after the
// configured retries; a late reply still completes it). A retry puts the
// command back to queued, and a reply to any of its deliveries completes it.
//
// Commands live in the store, and every transition is decided there: a poll
// claims what it delivers (MarkCommandsSent, only what is still queued, so
// two nodes never deliver one command twice), a reply completes a command
// whichever node delivered it, and expiry works from the delivery time
// stored with the command. In memory a node keeps only whether commands may
// wait per device (so an idle getrequest never touches the database), kept
// true by the change feed when another node queues one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocol/records.h"
#include "service/config.h"
#include "service/device.h"
#include "service/device_registry.h"
#include "service/device_reply.h"
#include "store/store.h"

namespace zkpush::service {

class CommandQueue {
 public:
  CommandQueue(store::Store& store, DeviceRegistry& registry, const ServiceConfig& config)
      : store_(store), registry_(registry), config_(config) {}

  // Rebuilds the in-memory view from the store; call once before serving.
  Status load();

  // Queues `command` (protocol text without "C:<id>:") and calls back with
  // its ID once committed. A command must be one line of at most 64 KiB.
  void enqueue(const std::shared_ptr<Device>& device, std::string command,
               std::function<void(Result<std::string>)> done);

  struct Queued {
    std::shared_ptr<Device> device;
    std::string command;
  };
  // Queues `commands` in the same transaction as the operations already in
  // `batch` (their EnqueueCommand ops are appended, in order, and carry the
  // IDs once committed): either all of it is stored or nothing. `done` gets
  // the batch; an invalid command fails it before anything is submitted.
  void enqueue_with(store::WriteBatch batch, std::vector<Queued> commands, store::WriteCallback done);

  // getrequest: "OK" when nothing waits, else "C:<id>:<cmd>" lines; the
  // commands are marked sent before the reply goes out.
  void poll(const std::shared_ptr<Device>& device, ReplyFn reply);

  // devicecmd: records every reply; INFO replies also update the device's
  // properties. Replies "OK" once committed.
  void record_replies(const std::shared_ptr<Device>& device, std::vector<protocol::CommandReply> replies,
                      ReplyFn reply);

  // Commands sent longer than the timeout ago: re-queued while retries are
  // left, else expired. The store settles each once, whichever node asks.
  void expire_overdue(int64_t now);

 private:
  struct Line {  // a command as it goes out
    std::string id, text;
  };

  store::Store& store_;
  DeviceRegistry& registry_;
  const ServiceConfig& config_;
};

// Validates raw command text from the API: non-empty, one line, bounded.
Status validate_command_text(const std::string& command);

}  // namespace zkpush::service
