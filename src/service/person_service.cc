#include "service/person_service.h"

#include <algorithm>

#include "service/template_formats.h"
#include "util/clock.h"

namespace zkpush::service {

void PersonService::save(const std::string& pin, store::PersonFields fields,
                         std::optional<store::SetAssignments> assignments, std::string by, bool create,
                         WriteDone done) {
  std::vector<store::DeviceId> before = create ? std::vector<store::DeviceId>{} : reached_now(pin);
  store::WriteBatch batch;
  batch.add(store::SavePerson{pin, std::move(fields), std::move(by), now_ms(), create, 0, 0, false});
  if (assignments) batch.add(std::move(*assignments));
  store_.submit(std::move(batch),
                [this, pin, before = std::move(before), done = std::move(done)](Status s, store::WriteBatch&) mutable {
                  if (s) resync(pin, std::move(before));
                  done(s);
                });
}

void PersonService::remove(const std::string& pin, RowWriteDone done) {
  auto before = reached_now(pin);
  store::WriteBatch batch;
  batch.add(store::DeletePerson{pin, 0});
  store_.submit(std::move(batch), [this, before, done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s || std::get<store::DeletePerson>(b.ops.front()).id == 0) return done(s, false);
    sync_.reconcile(before);
    done(s, true);
  });
}

void PersonService::assign(store::SetAssignments assignments, WriteDone done) {
  const std::string pin = assignments.pin;
  auto before = reached_now(pin);
  store::WriteBatch batch;
  batch.add(std::move(assignments));
  store_.submit(std::move(batch), [this, pin, before, done = std::move(done)](Status s, store::WriteBatch&) {
    if (s) resync(pin, before);
    done(s);
  });
}

void PersonService::save_biometric(const std::string& pin, store::BiometricRow biometric, RowWriteDone done) {
  store::WriteBatch batch;
  batch.add(store::SaveBiometric{pin, std::move(biometric), now_ms(), false});
  store_.submit(std::move(batch), [this, pin, done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s || !std::get<store::SaveBiometric>(b.ops.front()).found) return done(s, false);
    resync(pin, {});
    done(s, true);
  });
}

void PersonService::delete_biometric(const std::string& pin, const store::BiometricRow& key, RowWriteDone done) {
  store::WriteBatch batch;
  batch.add(store::DeleteBiometric{pin, key.kind, key.bio_type, key.no, key.index, now_ms(), false});
  store_.submit(std::move(batch), [this, pin, key, done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s || !std::get<store::DeleteBiometric>(b.ops.front()).deleted) return done(s, false);
    delete_on_terminals(pin, key);
    resync(pin, {});
    done(s, true);
  });
}

std::vector<store::DeviceId> PersonService::reached(const store::Assignments& assignments) {
  std::vector<store::DeviceId> out(assignments.device_ids.begin(), assignments.device_ids.end());
  for (const auto& d : registry_.all()) {
    auto group = d->group_id();
    if (group &&
        std::find(assignments.group_ids.begin(), assignments.group_ids.end(), *group) != assignments.group_ids.end())
      out.push_back(d->id());
  }
  return out;
}

std::vector<store::DeviceId> PersonService::reached_now(const std::string& pin) {
  auto person = store_.person(pin);
  if (!person || !person->has_value()) return {};
  auto assignments = store_.assignments((*person)->id);
  return assignments ? reached(*assignments) : std::vector<store::DeviceId>{};
}

void PersonService::resync(const std::string& pin, std::vector<store::DeviceId> before) {
  if (auto person = store_.person(pin); person && person->has_value())
    if (auto now = store_.assignments((*person)->id)) {
      auto after = reached(*now);
      before.insert(before.end(), after.begin(), after.end());
    }
  sync_.reconcile(before);
  if (changed_) changed_();
}

void PersonService::delete_on_terminals(const std::string& pin, const store::BiometricRow& key) {
  for (auto id : reached_now(pin)) {
    auto device = registry_.find(id);
    if (!device || device->speaks_access()) continue;  // panels follow their access sync
    auto command = delete_biometric_command(pin, key, capabilities_of(device->snapshot().properties));
    if (!command.empty()) commands_.enqueue(device, std::move(command), [](Result<std::string>) {});
  }
}

}  // namespace zkpush::service
