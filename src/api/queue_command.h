// Queueing one command for one terminal, answered the way every command
// endpoint answers: the raw form (POST .../devices/{sn}/commands), the typed
// form (.../commands/{kind}) and, once per terminal, a group form.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "service/command_queue.h"
#include "service/device.h"

namespace zkpush::api {

struct QueuedCommand {
  int status = 201;     // 201 queued; 400 text refused (empty, several lines, too long); 503 not stored
  nlohmann::json body;  // {"id": "<id>", "status": "queued"} or {"error": "command: ..."}
};

// Queues `command` (protocol text without "C:<id>:") for `device`; `done`
// runs once it is committed or refused.
void queue_command(service::CommandQueue& queue, const std::shared_ptr<service::Device>& device, std::string command,
                   std::function<void(QueuedCommand)> done);

}  // namespace zkpush::api
