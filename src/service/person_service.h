// The server's people as the API changes them: persons, their biometrics and
// their assignments to device groups and terminals. Each change is written,
// then every terminal the person reached before it or reaches after it is
// handed to the sync engine (person_sync.h), then `done` runs; both on the
// store's callback thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/command_queue.h"
#include "service/device_registry.h"
#include "service/person_sync.h"
#include "service/write_done.h"
#include "store/store.h"

namespace zkpush::service {

class PersonService {
 public:
  PersonService(store::Store& store, DeviceRegistry& registry, CommandQueue& commands, PersonSync& sync)
      : store_(store), registry_(registry), commands_(commands), sync_(sync) {}

  // Creates (`create`: the PIN must be new, else invalid input) or replaces
  // the person with this PIN, with `assignments` replaced too when given.
  // `by`: who made the change (Principal::change_source(), "device:<SN>").
  void save(const std::string& pin, store::PersonFields fields, std::optional<store::SetAssignments> assignments,
            std::string by, bool create, WriteDone done);
  // found: false when there is no such person.
  void remove(const std::string& pin, RowWriteDone done);
  void assign(store::SetAssignments assignments, WriteDone done);

  // found: false when there is no such person.
  void save_biometric(const std::string& pin, store::BiometricRow biometric, RowWriteDone done);
  // `key`: its kind, bio_type, no and index. The terminals that hold the
  // person are sent the deletion too. found: false when there is no such
  // biometric.
  void delete_biometric(const std::string& pin, const store::BiometricRow& key, RowWriteDone done);

  // Called after every change to a person (the access panels' sync follows
  // the persons, not the assignments); set once, before serving.
  void on_change(std::function<void()> listener) { changed_ = std::move(listener); }

 private:
  // The terminals an assignment reaches, directly or through their group.
  std::vector<store::DeviceId> reached(const store::Assignments& assignments);
  // The terminals the person with this PIN reaches now, as stored.
  std::vector<store::DeviceId> reached_now(const std::string& pin);
  // After a change to the person with this PIN: every terminal it reached
  // before (`before`) or reaches now gets reconciled.
  void resync(const std::string& pin, std::vector<store::DeviceId> before);
  void delete_on_terminals(const std::string& pin, const store::BiometricRow& key);

  store::Store& store_;
  DeviceRegistry& registry_;
  CommandQueue& commands_;
  PersonSync& sync_;
  std::function<void()> changed_;
};

}  // namespace zkpush::service
