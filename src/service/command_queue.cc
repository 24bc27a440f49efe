#include "service/command_queue.h"

#include <atomic>
#include <memory>

#include <spdlog/spdlog.h>

#include "protocol/format.h"
#include "protocol/text.h"
#include "service/reconciliation.h"
#include "service/write_failure.h"
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
  std::lock_guard lock(mu_);
  for (const auto& cmd : *open) {
    if (cmd.status == store::CommandStatus::kQueued) {
      if (auto it = by_id.find(cmd.device_id); it != by_id.end()) it->second->add_pending(1);
    } else if (cmd.status == store::CommandStatus::kSent) {
      sent_[cmd.id] = SentCommand{cmd.device_id, cmd.sent_at.value_or(cmd.created_at), cmd.deliveries};
    }
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
      log_write_failure(status.error(), fmt::format("device {}: could not queue {} command(s)",
                                                    devices.empty() ? "-" : devices.front()->sn(), devices.size()));
    } else {
      for (const auto& device : devices) device->add_pending(1);
    }
    done(status, b);
  });
}

void CommandQueue::poll(const std::shared_ptr<Device>& device, ReplyFn reply) {
  // The hot path: an idle poll is answered from memory.
  if (device->pending_commands() == 0 || !device->begin_poll()) {
    reply(DeviceReply::ok("OK"));
    return;
  }
  auto queued = store_.queued_commands(device->id(), config_.max_commands_per_poll);
  if (!queued) {
    device->end_poll();
    spdlog::error("device {}: cannot read queued commands: {}", device->sn(), queued.error().message);
    reply(DeviceReply::unavailable("ERROR: storage unavailable"));
    return;
  }
  if (queued->empty()) {  // the counter was stale; trust the store
    device->add_pending(-device->pending_commands());
    device->end_poll();
    reply(DeviceReply::ok("OK"));
    return;
  }

  const Charset charset = device->charset();
  std::string body;
  store::MarkCommandsSent mark;
  std::vector<SentCommand> sent;
  bool check = false;
  for (const auto& cmd : *queued) {
    std::string text = from_utf8(cmd.command, charset);
    // A batch respects the byte budget, but always carries at least one command.
    if (!mark.ids.empty() && body.size() + text.size() + cmd.id.size() + 4 > config_.max_command_bytes) break;
    protocol::append_command_line(body, cmd.id, text);
    mark.ids.push_back(cmd.id);
    sent.push_back(SentCommand{device->id(), 0, cmd.deliveries + 1});
    if (is_command(cmd.command, "CHECK")) check = true;
    if (is_command(cmd.command, "REBOOT")) break;  // REBOOT goes last (000:L484, 002:L843)
  }

  const int64_t now = config_.clock.now_ms();
  mark.now = now;
  store::WriteBatch batch;
  // CHECK makes the terminal re-read its options and re-upload from the
  // stamps it gets there: reset them to 0 (004 §12.3.1).
  if (check) batch.add(store::ResetStamps{device->id()});
  auto ids = mark.ids;
  batch.add(std::move(mark));
  store_.submit(std::move(batch), [this, device, ids = std::move(ids), sent = std::move(sent), body = std::move(body),
                                   check, now, reply = std::move(reply)](Status status, store::WriteBatch&) mutable {
    device->end_poll();
    if (!status) {
      log_write_failure(status.error(), fmt::format("device {}: cannot mark commands sent", device->sn()));
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    device->add_pending(-static_cast<int>(ids.size()));
    if (check) device->reset_stamps();
    {
      std::lock_guard lock(mu_);
      for (std::size_t i = 0; i < ids.size(); ++i) {
        sent[i].sent_at = now;
        sent_[ids[i]] = sent[i];
      }
    }
    spdlog::debug("device {}: sent {} command(s)", device->sn(), ids.size());
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
  auto changed = device->changed_properties(info);
  if (!changed.empty()) batch.add(store::SetDeviceProperties{device->id(), changed});
  if (batch.ops.empty()) {
    spdlog::warn("device {}: devicecmd body held no reply with an ID", device->sn());
    reply(DeviceReply::ok("OK"));
    return;
  }
  store_.submit(std::move(batch), [this, device, changed = std::move(changed),
                                   reply = std::move(reply)](Status status, store::WriteBatch& b) {
    if (!status) {
      log_write_failure(status.error(), fmt::format("device {}: cannot store command replies", device->sn()));
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    device->apply_properties(changed);
    // OK once every follow-up (VERIFY SUM reconciliation) is committed too.
    auto unfinished = std::make_shared<std::atomic<int>>(1);
    auto finish = [unfinished, reply = std::make_shared<ReplyFn>(std::move(reply))] {
      if (unfinished->fetch_sub(1) == 1) (*reply)(DeviceReply::ok("OK"));
    };
    std::lock_guard lock(mu_);
    for (auto& op : b.ops) {
      auto* rec = std::get_if<store::RecordCommandReply>(&op);
      if (!rec) continue;
      if (rec->applied) {
        sent_.erase(rec->reply.id);
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
  const int64_t limit = std::chrono::duration_cast<std::chrono::milliseconds>(config_.command_timeout).count();
  store::ExpireCommands expire;
  expire.now = now;
  store::RequeueCommands requeue;
  std::vector<store::DeviceId> requeued_for;
  {
    std::lock_guard lock(mu_);
    for (auto it = sent_.begin(); it != sent_.end();) {
      if (now - it->second.sent_at < limit) {
        ++it;
        continue;
      }
      if (it->second.deliveries <= config_.command_retries) {
        requeue.ids.push_back(it->first);
        requeued_for.push_back(it->second.device);
      } else {
        expire.ids.push_back(it->first);
      }
      it = sent_.erase(it);
    }
  }
  if (expire.ids.empty() && requeue.ids.empty()) return;
  spdlog::info("{} command(s) without a reply: {} queued again, {} expired", expire.ids.size() + requeue.ids.size(),
               requeue.ids.size(), expire.ids.size());
  store::WriteBatch batch;
  batch.add(std::move(expire));
  batch.add(std::move(requeue));
  store_.submit(std::move(batch), [this, requeued_for = std::move(requeued_for)](Status status, store::WriteBatch&) {
    if (!status) {
      log_write_failure(status.error(), "cannot expire or re-queue commands");
      return;
    }
    for (auto id : requeued_for)
      if (auto device = registry_.find(id)) device->add_pending(1);
  });
}

}  // namespace zkpush::service
