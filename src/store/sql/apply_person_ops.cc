// Person writes: from the API (SavePerson, DeletePerson, SaveBiometric,
// DeleteBiometric, SetAssignments) and from terminals (MergeEnrolment, whose
// rule is stated in person_records.h).

#include <map>
#include <nlohmann/json.hpp>

#include "store/record_names.h"
#include "store/sql/apply_ops.h"

namespace zkpush::store::sql {

namespace {

constexpr const char* kPersonColumns =
    "name, privilege, password, card, vice_card, access_group, time_zones, verify_mode, valid_from, valid_to, "
    "phone, gender, id_number";

// Binds the 13 PersonFields columns from parameter `first` on.
void bind_fields(Statement& st, int first, const PersonFields& f) {
  st.bind_text(first, f.name);
  st.bind_int(first + 1, f.privilege);
  st.bind_text(first + 2, f.password);
  st.bind_text(first + 3, f.card);
  st.bind_text(first + 4, f.vice_card);
  st.bind_text(first + 5, f.access_group);
  st.bind_text(first + 6, f.time_zones);
  if (f.verify_mode) st.bind_int(first + 7, *f.verify_mode);
  else st.bind_null(first + 7);
  st.bind_text(first + 8, f.valid_from);
  st.bind_text(first + 9, f.valid_to);
  st.bind_text(first + 10, f.phone);
  st.bind_text(first + 11, f.gender);
  st.bind_text(first + 12, f.id_number);
}

struct StoredPerson {
  int64_t id = 0;
  int64_t revision = 0;
  PersonFields fields;
};

Result<std::optional<StoredPerson>> find_person(Connection& db, const std::string& pin) {
  Result<Statement> st = db.prepare(std::string("SELECT id, revision, ") + kPersonColumns +
                                    " FROM persons WHERE pin = ?1");
  if (!st) return st.error();
  st->bind_text(1, pin);
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredPerson>();
  StoredPerson e;
  e.id = st->int64(0);
  e.revision = st->int64(1);
  PersonFields& f = e.fields;
  f.name = st->string(2);
  f.privilege = st->integer(3);
  f.password = st->string(4);
  f.card = st->string(5);
  f.vice_card = st->string(6);
  f.access_group = st->string(7);
  f.time_zones = st->string(8);
  if (!st->is_null(9)) f.verify_mode = st->integer(9);
  f.valid_from = st->string(10);
  f.valid_to = st->string(11);
  f.phone = st->string(12);
  f.gender = st->string(13);
  f.id_number = st->string(14);
  return std::optional<StoredPerson>(std::move(e));
}

Result<int64_t> insert_person(Connection& db, const std::string& pin, const PersonFields& fields,
                              const std::string& by, TimeMs now) {
  Result<Statement> st = db.prepare(std::string("INSERT INTO persons (pin, ") + kPersonColumns +
                                    ", revision, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, "
                                    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, ?15, ?15, ?16) RETURNING id");
  if (!st) return st.error();
  st->bind_text(1, pin);
  bind_fields(*st, 2, fields);
  st->bind_int(15, now);
  st->bind_text(16, by);
  return st->run_returning_id();
}

// Runs an UPDATE of person `id` ending in RETURNING revision.
Result<int64_t> new_revision(Statement& st, int64_t id) {
  Result<bool> row = st.step();
  if (!row) return row.error();
  if (!*row) return Error::not_found("no person with id " + std::to_string(id));
  const int64_t revision = st.int64(0);
  if (Status s = st.run(); !s) return s.error();
  return revision;
}

// Replaces the fields and bumps the revision; returns the new revision.
Result<int64_t> update_person(Connection& db, int64_t id, const PersonFields& fields, const std::string& by,
                              TimeMs now) {
  Result<Statement> st = db.prepare(
      "UPDATE persons SET name = ?2, privilege = ?3, password = ?4, card = ?5, vice_card = ?6, "
      "access_group = ?7, time_zones = ?8, verify_mode = ?9, valid_from = ?10, valid_to = ?11, phone = ?12, "
      "gender = ?13, id_number = ?14, revision = revision + 1, updated_at = ?15, updated_by = ?16 "
      "WHERE id = ?1 RETURNING revision");
  if (!st) return st.error();
  st->bind_int(1, id);
  bind_fields(*st, 2, fields);
  st->bind_int(15, now);
  st->bind_text(16, by);
  return new_revision(*st, id);
}

Result<int64_t> bump_revision(Connection& db, int64_t id, const std::string& by, TimeMs now) {
  Result<Statement> st = db.prepare(
      "UPDATE persons SET revision = revision + 1, updated_at = ?2, updated_by = ?3 WHERE id = ?1 "
      "RETURNING revision");
  if (!st) return st.error();
  st->bind_int(1, id);
  st->bind_int(2, now);
  st->bind_text(3, by);
  return new_revision(*st, id);
}

// A biometric's natural key as ?1..?5: person, kind, bio_type, no, idx.
void bind_biometric_key(Statement& st, int64_t person, BiometricKind kind, int bio_type, int no, int index) {
  st.bind_int(1, person);
  st.bind_text(2, biometric_kind_name(kind));
  st.bind_int(3, bio_type);
  st.bind_int(4, no);
  st.bind_int(5, index);
}

Status upsert_biometric(Connection& db, int64_t person, const BiometricRow& b, TimeMs now) {
  Result<Statement> st = db.prepare(
      "INSERT INTO person_biometrics (person_id, kind, bio_type, no, idx, valid, duress, algorithm, minor_ver, "
      "format, source, updated_at, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
      "ON CONFLICT (person_id, kind, bio_type, no, idx) DO UPDATE SET valid = excluded.valid, "
      "duress = excluded.duress, algorithm = excluded.algorithm, minor_ver = excluded.minor_ver, "
      "format = excluded.format, source = excluded.source, updated_at = excluded.updated_at, data = excluded.data");
  if (!st) return st.error();
  bind_biometric_key(*st, person, b.kind, b.bio_type, b.no, b.index);
  st->bind_int(6, b.valid);
  st->bind_int(7, b.duress);
  st->bind_text(8, b.algorithm);
  st->bind_text(9, b.minor_ver);
  st->bind_text(10, b.format);
  st->bind_text(11, b.source);
  st->bind_int(12, now);
  st->bind_text(13, b.data);
  return st->run();
}

// The data already stored for the biometric's natural key, if any.
Result<std::optional<std::string>> stored_biometric(Connection& db, int64_t person, const BiometricRow& b) {
  Result<Statement> st = db.prepare(
      "SELECT data FROM person_biometrics WHERE person_id = ?1 AND kind = ?2 AND bio_type = ?3 AND no = ?4 "
      "AND idx = ?5");
  if (!st) return st.error();
  bind_biometric_key(*st, person, b.kind, b.bio_type, b.no, b.index);
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->string(0));
}

Result<std::optional<int64_t>> synced_revision(Connection& db, DeviceId device, int64_t person) {
  Result<Statement> st =
      db.prepare("SELECT revision FROM device_person_sync WHERE device_id = ?1 AND person_id = ?2");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_int(2, person);
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(st->int64(0));
}

// The terminal holds what it uploaded itself: current, whatever its formats
// (kFormatsAsEnrolled, see SyncRow).
Status mark_synced(Connection& db, DeviceId device, int64_t person, const std::string& pin, int64_t revision) {
  SetSynced op{device, {person, pin, revision, std::string(kFormatsAsEnrolled)}, std::nullopt};
  return apply(db, op);
}

Status assign_to_group(Connection& db, int64_t person, int64_t group) {
  Result<Statement> st =
      db.prepare("INSERT INTO person_assignments (person_id, group_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  if (!st) return st.error();
  st->bind_int(1, person);
  st->bind_int(2, group);
  return st->run();
}

Status assign_to_device(Connection& db, int64_t person, DeviceId device) {
  Result<Statement> st =
      db.prepare("INSERT INTO person_assignments (person_id, device_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  if (!st) return st.error();
  st->bind_int(1, person);
  st->bind_int(2, device);
  return st->run();
}

// A USERINFO upload over the stored fields: only what the terminal sent.
PersonFields merged(PersonFields f, const protocol::UserRecord& u) {
  auto text = [](std::string& field, const std::optional<std::string>& v) {
    if (v) field = *v;
  };
  auto number = [](auto& field, const std::optional<std::string>& v) {
    if (!v || v->empty()) return;
    try {
      field = std::stoi(*v);
    } catch (...) {  // a terminal's garbage keeps the stored value
    }
  };
  text(f.name, u.name);
  number(f.privilege, u.privilege);
  text(f.password, u.password);
  text(f.card, u.card);
  text(f.vice_card, u.vice_card);
  text(f.access_group, u.group);
  text(f.time_zones, u.tz);
  if (u.verify && !u.verify->empty()) {
    int mode = 0;
    number(mode, u.verify);
    f.verify_mode = mode;
  }
  text(f.valid_from, u.start_datetime);
  text(f.valid_to, u.end_datetime);
  return f;
}

}  // namespace

Status apply(Connection& db, SavePerson& op) {
  op.created = false;
  Result<std::optional<StoredPerson>> existing = find_person(db, op.pin);
  if (!existing) return existing.error();
  if (!existing->has_value()) {
    Result<int64_t> id = insert_person(db, op.pin, op.fields, op.by, op.now);
    if (!id) return id.error();
    op.id = *id;
    op.revision = 1;
    op.created = true;
    return Status::success();
  }
  if (op.must_be_new) return Error::invalid("a person with PIN " + op.pin + " exists");
  op.id = (*existing)->id;
  Result<int64_t> revision = update_person(db, op.id, op.fields, op.by, op.now);
  if (!revision) return revision.error();
  op.revision = *revision;
  return Status::success();
}

Status apply(Connection& db, DeletePerson& op) {
  Result<std::optional<StoredPerson>> existing = find_person(db, op.pin);
  if (!existing) return existing.error();
  if (!existing->has_value()) return Status::success();
  op.id = (*existing)->id;
  Result<Statement> st = db.prepare("DELETE FROM persons WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.id);
  return st->run();
}

Status apply(Connection& db, SaveBiometric& op) {
  Result<std::optional<StoredPerson>> existing = find_person(db, op.pin);
  if (!existing) return existing.error();
  op.found = existing->has_value();
  if (!op.found) return Status::success();
  const int64_t id = (*existing)->id;
  if (Status s = upsert_biometric(db, id, op.biometric, op.now); !s) return s;
  Result<int64_t> revision = bump_revision(db, id, op.biometric.source, op.now);
  return revision ? Status::success() : Status(revision.error());
}

Status apply(Connection& db, DeleteBiometric& op) {
  Result<std::optional<StoredPerson>> existing = find_person(db, op.pin);
  if (!existing) return existing.error();
  if (!existing->has_value()) return Status::success();
  const int64_t id = (*existing)->id;
  Result<Statement> st = db.prepare(
      "DELETE FROM person_biometrics WHERE person_id = ?1 AND kind = ?2 AND bio_type = ?3 AND no = ?4 AND idx = ?5");
  if (!st) return st.error();
  bind_biometric_key(*st, id, op.kind, op.bio_type, op.no, op.index);
  if (Status s = st->run(); !s) return s;
  op.deleted = db.changes() > 0;
  if (!op.deleted) return Status::success();
  Result<int64_t> revision = bump_revision(db, id, "api", op.now);
  return revision ? Status::success() : Status(revision.error());
}

Status apply(Connection& db, SetAssignments& op) {
  Result<std::optional<StoredPerson>> person = find_person(db, op.pin);
  if (!person) return person.error();
  if (!person->has_value()) return Error::not_found("no person with PIN " + op.pin);
  const int64_t id = (*person)->id;
  Result<Statement> clear = db.prepare("DELETE FROM person_assignments WHERE person_id = ?1");
  if (!clear) return clear.error();
  clear->bind_int(1, id);
  if (Status s = clear->run(); !s) return s;
  for (int64_t group : op.group_ids)
    if (Status s = assign_to_group(db, id, group); !s) return s;
  for (DeviceId device : op.device_ids)
    if (Status s = assign_to_device(db, id, device); !s) return s;
  return Status::success();
}

namespace {

// One MergeEnrolment: the persons an upload changes, then what each change
// brings along (revision, sync state, assignments, event).
class EnrolmentMerge {
 public:
  EnrolmentMerge(Connection& db, MergeEnrolment& op) : db_(db), op_(op), by_("device:" + op.sn) {}

  Status merge_users() {
    for (const protocol::UserRecord& user : op_.users) {
      Result<std::optional<StoredPerson>> person = person_for(user.pin, &user);
      if (!person) return person.error();
      if (!person->has_value()) continue;
      person_ids_[user.pin] = (*person)->id;
      PersonFields fields = merged((*person)->fields, user);
      if (fields == (*person)->fields) continue;
      Result<int64_t> revision = update_person(db_, (*person)->id, fields, by_, op_.now);
      if (!revision) return revision.error();
      changes_[user.pin].push_back("user");
    }
    return Status::success();
  }

  Status merge_biometrics() {
    for (std::size_t i = 0; i < op_.biometrics.size() && i < op_.pins.size(); ++i) {
      const std::string& pin = op_.pins[i];
      Result<std::optional<StoredPerson>> person = person_for(pin, nullptr);
      if (!person) return person.error();
      if (!person->has_value()) continue;
      person_ids_[pin] = (*person)->id;
      Result<std::optional<std::string>> stored = stored_biometric(db_, (*person)->id, op_.biometrics[i]);
      if (!stored) return stored.error();
      if (stored->has_value() && **stored == op_.biometrics[i].data) continue;  // a re-upload
      if (Status s = upsert_biometric(db_, (*person)->id, op_.biometrics[i], op_.now); !s) return s;
      changes_[pin].push_back(std::string(biometric_kind_name(op_.biometrics[i].kind)));
    }
    return Status::success();
  }

  Status settle() {
    if (changes_.empty()) return Status::success();
    Result<std::optional<int64_t>> group = propagating_group();
    if (!group) return group.error();
    for (const auto& [pin, what] : changes_) {
      const int64_t id = person_ids_.count(pin) ? person_ids_[pin] : 0;
      if (id == 0) continue;
      if (Status s = settle_person(pin, id, what, *group); !s) return s;
    }
    return Status::success();
  }

 private:
  // The person the upload is about, created when new; nullopt when the
  // server's newer change wins over this terminal's copy.
  Result<std::optional<StoredPerson>> person_for(const std::string& pin, const protocol::UserRecord* user) {
    Result<std::optional<StoredPerson>> existing = find_person(db_, pin);
    if (!existing) return existing;
    if (!existing->has_value()) {
      PersonFields fields = user ? merged({}, *user) : PersonFields{};
      Result<int64_t> id = insert_person(db_, pin, fields, by_, op_.now);
      if (!id) return id.error();
      changes_[pin].push_back("person");
      return std::optional<StoredPerson>(StoredPerson{*id, 1, fields});
    }
    Result<std::optional<int64_t>> synced = synced_revision(db_, op_.device, (*existing)->id);
    if (!synced) return synced.error();
    if (synced->has_value() && **synced < (*existing)->revision) return std::optional<StoredPerson>();
    return existing;
  }

  // The terminal's group, when it propagates enrolments.
  Result<std::optional<int64_t>> propagating_group() {
    Result<Statement> st = db_.prepare(
        "SELECT g.id FROM devices d JOIN device_groups g ON g.id = d.group_id "
        "WHERE d.id = ?1 AND g.propagate_enrolments = 1");
    if (!st) return st.error();
    st->bind_int(1, op_.device);
    Result<bool> row = st->step();
    if (!row) return row.error();
    return *row ? std::optional<int64_t>(st->int64(0)) : std::nullopt;
  }

  Status settle_person(const std::string& pin, int64_t id, const std::vector<std::string>& what,
                       std::optional<int64_t> group) {
    // One revision for the whole upload: the terminal holds it already.
    Result<int64_t> revision = bump_revision(db_, id, by_, op_.now);
    if (!revision) return revision.error();
    if (Status s = mark_synced(db_, op_.device, id, pin, *revision); !s) return s;
    // Enrolled here, so assigned here: the server keeps the person on this
    // terminal (and deleting the person removes them from it).
    if (Status s = assign_to_device(db_, id, op_.device); !s) return s;
    if (group)
      if (Status s = assign_to_group(db_, id, *group); !s) return s;
    nlohmann::json payload{{"pin", pin}, {"person_id", id}, {"sn", op_.sn}, {"changed", what}};
    if (Status s = append_event(db_, "person.enrolled", op_.now, payload.dump()); !s) return s;
    op_.changed_persons.push_back(id);
    return Status::success();
  }

  Connection& db_;
  MergeEnrolment& op_;
  const std::string by_;
  std::map<std::string, std::vector<std::string>> changes_;  // by PIN, in PIN order: "user", "fingerprint", ...
  std::map<std::string, int64_t> person_ids_;
};

}  // namespace

Status apply(Connection& db, MergeEnrolment& op) {
  op.changed_persons.clear();
  EnrolmentMerge merge(db, op);
  if (Status s = merge.merge_users(); !s) return s;
  if (Status s = merge.merge_biometrics(); !s) return s;
  return merge.settle();
}

}  // namespace zkpush::store::sql
