#include "service/person_sync.h"

#include <spdlog/spdlog.h>

#include <map>

#include "service/command_queue.h"
#include "service/template_formats.h"
#include "store/commit.h"
#include "util/clock.h"

namespace zkpush::service {

PersonSync::PersonSync(store::Store& store, DeviceRegistry& registry) : store_(store), registry_(registry) {}

PersonSync::~PersonSync() { stop(); }

void PersonSync::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void PersonSync::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PersonSync::reconcile(store::DeviceId device) { reconcile(std::vector<store::DeviceId>{device}); }

void PersonSync::reconcile(const std::vector<store::DeviceId>& devices) {
  {
    std::lock_guard lock(mu_);
    for (store::DeviceId d : devices)
      if (queued_.insert(d).second) queue_.push_back(d);
  }
  cv_.notify_one();
}

void PersonSync::reconcile_soon(store::DeviceId device) {
  {
    std::lock_guard lock(mu_);
    if (!queued_.insert(device).second) return;
    later_.emplace_back(std::chrono::steady_clock::now() + kSettle, device);
  }
  cv_.notify_one();
}

void PersonSync::flush() {
  std::unique_lock lock(mu_);
  for (auto& [due, device] : later_) queue_.push_back(device);
  later_.clear();
  cv_.notify_one();
  idle_cv_.wait(lock, [this] { return (queue_.empty() && !busy_) || stopping_; });
}

void PersonSync::run() {
  for (;;) {
    store::DeviceId device = 0;
    {
      std::unique_lock lock(mu_);
      for (;;) {
        if (stopping_) return;
        const auto now = std::chrono::steady_clock::now();
        for (; !later_.empty() && later_.front().first <= now; later_.pop_front())
          queue_.push_back(later_.front().second);
        if (!queue_.empty()) break;
        if (later_.empty()) cv_.wait(lock);
        else cv_.wait_until(lock, later_.front().first);
      }
      device = queue_.front();
      queue_.pop_front();
      queued_.erase(device);
      busy_ = true;
    }
    if (auto done = reconcile_now(device); !done)
      spdlog::error("sync: device {}: {}", device, done.error().message);
    {
      std::lock_guard lock(mu_);
      busy_ = false;
    }
    idle_cv_.notify_all();
  }
}

Result<int> PersonSync::reconcile_now(store::DeviceId id) {
  auto state = store_.sync_state(id);
  if (!state) return state.error();
  // Nothing assigned, nothing sent (most terminals as they boot): nothing to
  // do, and no need for the device's capabilities (a read, in a cluster).
  if (state->assigned.empty() && state->sent.empty()) return 0;
  auto device = registry_.find(id);
  // An access panel takes its people from the access rights (service/access/).
  if (!device || device->speaks_access()) return 0;
  const std::vector<store::PersonRow>& assigned = state->assigned;
  std::map<int64_t, store::SyncRow> sent;
  for (auto& row : state->sent) sent.emplace(row.person_id, row);

  const DeviceCapabilities capabilities = capabilities_of(device->snapshot().properties);
  const int64_t now = now_ms();
  store::WriteBatch batch;
  int commands = 0;
  auto queue = [&](std::string command) {
    if (Status valid = validate_command_text(command); !valid) {
      spdlog::warn("sync: device {}: a command was left out: {}", device->sn(), valid.error().message);
      return;
    }
    batch.add(store::EnqueueCommand{id, std::move(command), now, {}});
    ++commands;
  };
  // Deletions first: a PIN deleted and created again (a new person) must end
  // up on the terminal, not be deleted after its update.
  std::set<int64_t> wanted;
  for (const store::PersonRow& person : assigned) wanted.insert(person.id);
  for (const auto& [person_id, row] : sent) {
    if (wanted.count(person_id)) continue;
    queue(delete_person_command(row.pin));
    batch.add(store::ClearSynced{id, person_id, row.revision});
  }
  // Current: the revision was sent, in the formats the terminal takes now.
  const std::string formats = signature(capabilities);
  for (const store::PersonRow& person : assigned) {
    auto it = sent.find(person.id);
    if (it != sent.end() && it->second.revision >= person.revision &&
        (it->second.formats == formats || it->second.formats == store::kFormatsAsEnrolled))
      continue;
    auto biometrics = store_.biometrics(person.id);
    if (!biometrics) return biometrics.error();
    for (auto& command : sync_commands(person, *biometrics, capabilities)) queue(std::move(command));
    std::optional<store::SyncRow> was;
    if (it != sent.end()) was = it->second;
    batch.add(store::SetSynced{id, {person.id, person.pin, person.revision, formats}, was});
  }
  if (batch.ops.empty()) return 0;
  if (Status s = store::commit_and_wait(store_, batch); !s) {
    // Another node synced this terminal between our reads and our commit:
    // what it queued stands, and ours is not stored.
    if (s.error().kind == Error::Kind::kConflict) return 0;
    return s.error();
  }
  device->note_commands_waiting();
  spdlog::info("sync: device {}: {} command(s) queued", device->sn(), commands);
  return commands;
}

}  // namespace zkpush::service
