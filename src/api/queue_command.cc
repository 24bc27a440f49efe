#include "api/queue_command.h"

namespace zkpush::api {

void queue_command(service::CommandQueue& queue, const std::shared_ptr<service::Device>& device, std::string command,
                   std::function<void(QueuedCommand)> done) {
  queue.enqueue(device, std::move(command), [done = std::move(done)](Result<std::string> id) {
    if (!id) {
      const int status = id.error().kind == Error::Kind::kInvalidInput ? 400 : 503;
      done(QueuedCommand{status, nlohmann::json{{"error", "command: " + id.error().message}}});
      return;
    }
    done(QueuedCommand{201, nlohmann::json{{"id", *id}, {"status", "queued"}}});
  });
}

}  // namespace zkpush::api
