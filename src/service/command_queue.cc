#include "service/command_queue.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include <spdlog/spdlog.h>

#include "protocol/format.h"
#include "protocol/text.h"
#include "service/reconciliation.h"
#include "service/store_failure.h"
#include "util/clock.h"

namespace zkpush::service {
namespace {

constexpr std::size_t kMaxCommandBytes = 64 * 1024;

bool is_command(std::string_view text, std::string_view verb) {
  text = protocol::trim(text);
  return protocol::istarts_with(text, verb) &&
         (text.size() == verb.size() || text[verb.size()] == ' ' || text[verb.size()] == '\t');
}

}  // namespace

Status validate_command_text(const std::string& command) {
  if (protocol::trim(command).empty()) return Error::invalid("command is empty");
  if (command.find_first_of("\r\n") != std::string::npos)
    return Error::invalid("command must be a single line (no CR or LF)");
  if (command.size() > kMaxCommandBytes) return Error::invalid("command is longer than 64 KiB");
  return Status::success();
}

Status CommandQueue::load() {
  auto open = store_.load_open_commands();
  if (!open) return open.error();
  std::unordered_map<store::DeviceId, std::shared_ptr<Device>> by_id;
  for (auto& device : registry_.all()) by_id.emplace(device->id(), device);
  for (const auto& cmd : *open) {
    if (cmd.status != store::CommandStatus::kQueued) continue;
    if (auto it = by_id.find(cmd.device_id); it != by_id.end()) it->second->note_commands_waiting();
  }
  return Status::success();
}

void CommandQueue::enqueue(const std::shared_ptr<Device>& device, std::string command,
                           std::function<void(Result<std::string>)> done) {
  enqueue_with({}, {{device, std::move(command)}}, [done = std::move(done)](Status status, store::WriteBatch& b) {
    if (!status) return done(status.error());
    done(std::get<store::EnqueueCommand>(b.ops.back()).id);
  });
}

void CommandQueue::enqueue_with(store::WriteBatch batch, std::vector<Queued> commands, store::WriteCallback done) {
  for (const auto& c : commands) {
    if (auto valid = validate_command_text(c.command); !valid) {
      done(valid.error(), batch);
      return;
    }
  }
  if (batch.ops.empty() && commands.empty()) {
    done(Status::success(), batch);
    return;
  }
  const int64_t now = config_.clock.now_ms();
  std::vector<std::shared_ptr<Device>> devices;
  for (auto& c : commands) {
    batch.add(store::EnqueueCommand{c.device->id(), std::move(c.command), now, {}});
    devices.push_back(std::move(c.device));
  }
  store_.submit(std::move(batch), [devices = std::move(devices), done = std::move(done)](Status status,
                                                                                        store::WriteBatch& b) {
    if (!status) {
      log_store_failure(status.error(), fmt::format("device {}: could not queue {} command(s)",
                                                    devices.empty() ? "-" : devices.front()->sn(), devices.size()));
    } else {
      for (const auto& device : devices) device->note_commands_waiting();
    }
    done(status, b);
  });
}

void CommandQueue::poll(const std::shared_ptr<Device>& device, ReplyFn reply) {
  // The hot path: an idle poll is answered from memory, as long as the
  // change feed would have told us of a command queued on another node.
  const bool memory_is_true = store_.changes_complete();
  if ((memory_is_true && !device->commands_may_wait()) || !device->begin_poll()) {
    reply(DeviceReply::ok("OK"));
    return;
  }
  const uint64_t generation = device->commands_generation();
  const int limit = config_.max_commands_per_poll;
  auto queued = store_.queued_commands(device->id(), limit);
  if (!queued) {
    device->end_poll();
    // Nothing can be delivered now; the terminal asks again at its next poll.
    log_store_failure(queued.error(), fmt::format("device {}: cannot read queued commands", device->sn()));
    reply(queued.error().kind == Error::Kind::kUnavailable ? DeviceReply::ok("OK")
                                                            : DeviceReply::unavailable("ERROR: storage unavailable"));
    return;
  }
  if (queued->empty()) {
    device->clear_commands_waiting(generation);
    device->end_poll();
    reply(DeviceReply::ok("OK"));
    return;
  }

  const Charset charset = device->charset();
  std::vector<Line> lines;
  std::size_t bytes = 0;
  store::MarkCommandsSent mark;
  bool check = false;
  for (const auto& cmd : *queued) {
    std::string text = from_utf8(cmd.command, charset);
    // A batch respects the byte budget, but always carries at least one command.
    if (!lines.empty() && bytes + text.size() + cmd.id.size() + 4 > config_.max_command_bytes) break;
    bytes += text.size() + cmd.id.size() + 4;
    mark.ids.push_back(cmd.id);
    if (is_command(cmd.command, "CHECK")) check = true;
    lines.push_back(Line{cmd.id, std::move(text)});
    if (is_command(cmd.command, "REBOOT")) break;  // REBOOT goes last (000:L484, 002:L843)
  }
  // Everything queued goes out now: the flag may drop once it is claimed.
  const bool drains_queue = static_cast<int>(queued->size()) < limit && lines.size() == queued->size();

  mark.now = config_.clock.now_ms();
  store::WriteBatch batch;
  // CHECK makes the terminal re-read its options and re-upload from the
  // stamps it gets there: reset them to 0 (004 §12.3.1).
  if (check) batch.add(store::ResetStamps{device->id()});
  batch.add(std::move(mark));
  store_.submit(std::move(batch), [device, lines = std::move(lines), check, drains_queue, generation,
                                   reply = std::move(reply)](Status status, store::WriteBatch& b) mutable {
    device->end_poll();
    if (!status) {
      log_store_failure(status.error(), fmt::format("device {}: cannot mark commands sent", device->sn()));
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    if (check) device->reset_stamps();
    if (drains_queue) device->clear_commands_waiting(generation);
    // Only what this poll claimed goes out: another node's poll may have
    // taken the rest between our read and our claim.
    const auto& claimed = std::get<store::MarkCommandsSent>(b.ops.back()).claimed;
    std::string body;
    for (const Line& line : lines) {
      if (std::find(claimed.begin(), claimed.end(), line.id) != claimed.end())
        protocol::append_command_line(body, line.id, line.text);
    }
    if (body.empty()) return reply(DeviceReply::ok("OK"));
    spdlog::debug("device {}: sent {} command(s)", device->sn(), claimed.size());
    reply(DeviceReply::ok(std::move(body)));
  });
}

void CommandQueue::record_replies(const std::shared_ptr<Device>& device,
                                  std::vector<protocol::CommandReply> replies, ReplyFn reply) {
  const int64_t now = config_.clock.now_ms();
  const Charset charset = device->charset();
  store::WriteBatch batch;
  std::map<std::string, std::string> info;
  for (auto& r : replies) {
    if (protocol::iequals(protocol::trim(r.cmd), "INFO"))
      for (const auto& [key, value] : r.fields) info[key] = to_utf8(value, charset);
    r.raw = to_utf8(r.raw, charset);
    batch.add(store::RecordCommandReply{device->id(), std::move(r), now, false});
  }
  auto changed = device->properties_to_store(std::move(info));
  if (!changed.empty()) batch.add(store::SetDeviceProperties{device->id(), changed});
  if (batch.ops.empty()) {
    spdlog::warn("device {}: devicecmd body held no reply with an ID", device->sn());
    reply(DeviceReply::ok("OK"));
    return;
  }
  store_.submit(std::move(batch), [this, device, changed = std::move(changed),
                                   reply = std::move(reply)](Status status, store::WriteBatch& b) {
    if (!status) {
      log_store_failure(status.error(), fmt::format("device {}: cannot store command replies", device->sn()));
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    device->apply_properties(changed);
    // OK once every follow-up (VERIFY SUM reconciliation) is committed too.
    auto unfinished = std::make_shared<std::atomic<int>>(1);
    auto finish = [unfinished, reply = std::make_shared<ReplyFn>(std::move(reply))] {
      if (unfinished->fetch_sub(1) == 1) (*reply)(DeviceReply::ok("OK"));
    };
    for (auto& op : b.ops) {
      auto* rec = std::get_if<store::RecordCommandReply>(&op);
      if (!rec) continue;
      if (rec->applied) {
        unfinished->fetch_add(1);
        reconcile_verify_sum(store_, *this, device, rec->reply, finish);
      } else {
        spdlog::warn("device {}: reply for command {} ignored (unknown, not sent, or already completed)",
                     device->sn(), rec->reply.id);
      }
    }
    finish();
  });
}

void CommandQueue::expire_overdue(int64_t now) {
  const int64_t timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config_.command_timeout).count();
  store::WriteBatch batch;
  batch.add(store::SettleOverdueCommands{now, now - timeout, config_.command_retries, {}, 0});
  store_.submit(std::move(batch), [this](Status status, store::WriteBatch& b) {
    if (!status) {
      log_store_failure(status.error(), "cannot expire or re-queue commands");
      return;
    }
    const auto& settled = std::get<store::SettleOverdueCommands>(b.ops.front());
    if (settled.requeued_for.empty() && settled.expired == 0) return;
    spdlog::info("{} command(s) without a reply: {} queued again, {} expired",
                 settled.requeued_for.size() + settled.expired, settled.requeued_for.size(), settled.expired);
    for (auto id : settled.requeued_for)
      if (auto device = registry_.find(id)) device->note_commands_waiting();
  });
}

}  // namespace zkpush::service
