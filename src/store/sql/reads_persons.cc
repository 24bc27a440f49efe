// Reads of persons, their biometrics and assignments, the device groups they
// are assigned through, and of what each terminal was last sent (the sync
// engine's inputs).

#include "store/record_names.h"
#include "store/sql/read_rows.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

// A person's 19 columns, as decode_person reads them.
#define ZKPUSH_PERSON_COLUMNS                                                                           \
  "p.id, p.pin, p.name, p.privilege, p.password, p.card, p.vice_card, p.access_group, p.time_zones, " \
  "p.verify_mode, p.valid_from, p.valid_to, p.phone, p.gender, p.id_number, p.revision, p.created_at, " \
  "p.updated_at, p.updated_by"
#define ZKPUSH_PERSON_SELECT "SELECT " ZKPUSH_PERSON_COLUMNS " FROM persons p "

Status decode_person(const Statement& st, PersonRow& p) {
  p.id = st.int64(0);
  p.pin = st.string(1);
  PersonFields& f = p.fields;
  f.name = st.string(2);
  f.privilege = st.integer(3);
  f.password = st.string(4);
  f.card = st.string(5);
  f.vice_card = st.string(6);
  f.access_group = st.string(7);
  f.time_zones = st.string(8);
  if (!st.is_null(9)) f.verify_mode = st.integer(9);
  f.valid_from = st.string(10);
  f.valid_to = st.string(11);
  f.phone = st.string(12);
  f.gender = st.string(13);
  f.id_number = st.string(14);
  p.revision = st.int64(15);
  p.created_at = st.int64(16);
  p.updated_at = st.int64(17);
  p.updated_by = st.string(18);
  return Status::success();
}

Status decode_biometric(const Statement& st, BiometricRow& b) {
  b.id = st.int64(0);
  b.person_id = st.int64(1);
  std::optional<BiometricKind> kind = biometric_kind_from_name(st.text(2));
  if (!kind) return corrupt_value("person_biometrics.kind", st.text(2));
  b.kind = *kind;
  b.bio_type = st.integer(3);
  b.no = st.integer(4);
  b.index = st.integer(5);
  b.valid = st.integer(6);
  b.duress = st.integer(7);
  b.algorithm = st.string(8);
  b.minor_ver = st.string(9);
  b.format = st.string(10);
  b.source = st.string(11);
  b.updated_at = st.int64(12);
  b.data = st.string(13);
  return Status::success();
}

}  // namespace

namespace {

// The filters of a person query: ?1 after, ?3 search, ?4 group, ?5 PIN.
std::string person_filters(const PersonQuery& q) {
  std::string sql = "WHERE p.id > ?1 ";
  if (q.search)
    sql += "AND (instr(p.pin, ?3) > 0 OR instr(lower(p.name), lower(?3)) > 0 OR instr(p.card, ?3) > 0) ";
  if (q.group) sql += "AND p.id IN (SELECT person_id FROM person_assignments WHERE group_id = ?4) ";
  if (q.pin) sql += "AND p.pin = ?5 ";
  return sql;
}

void bind_person_filters(Statement& st, const PersonQuery& q) {
  st.bind_int(1, q.after);
  if (q.search) st.bind_text(3, *q.search);
  if (q.group) st.bind_int(4, *q.group);
  if (q.pin) st.bind_text(5, *q.pin);
}

}  // namespace

Result<std::vector<PersonRow>> read_persons(Connection& db, const PersonQuery& q) {
  if (q.limit <= 0) return std::vector<PersonRow>();
  Result<Statement> st = db.prepare(ZKPUSH_PERSON_SELECT + person_filters(q) + "ORDER BY p.id LIMIT ?2" +
                                    (q.offset > 0 ? " OFFSET ?6" : ""));
  if (!st) return st.error();
  bind_person_filters(*st, q);
  st->bind_int(2, q.limit);
  if (q.offset > 0) st->bind_int(6, q.offset);
  return collect_rows<PersonRow>(*st, decode_person);
}

Result<int64_t> read_persons_total(Connection& db, const PersonQuery& q) {
  Result<Statement> st = db.prepare("SELECT count(*) FROM persons p " + person_filters(q));
  if (!st) return st.error();
  bind_person_filters(*st, q);
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row ? st->int64(0) : 0;
}

Result<std::optional<PersonRow>> read_person_row(Connection& db, const std::string& pin) {
  Result<Statement> st = db.prepare(ZKPUSH_PERSON_SELECT "WHERE p.pin = ?1");
  if (!st) return st.error();
  st->bind_text(1, pin);
  return first_row<PersonRow>(*st, decode_person);
}

Result<std::vector<BiometricRow>> read_biometrics(Connection& db, int64_t person_id) {
  Result<Statement> st = db.prepare(
      "SELECT id, person_id, kind, bio_type, no, idx, valid, duress, algorithm, minor_ver, format, source, "
      "updated_at, data FROM person_biometrics WHERE person_id = ?1 ORDER BY kind, bio_type, no, idx");
  if (!st) return st.error();
  st->bind_int(1, person_id);
  return collect_rows<BiometricRow>(*st, decode_biometric);
}

Result<Assignments> read_assignments(Connection& db, int64_t person_id) {
  Result<Statement> st = db.prepare(
      "SELECT group_id, device_id FROM person_assignments WHERE person_id = ?1 ORDER BY group_id, device_id");
  if (!st) return st.error();
  st->bind_int(1, person_id);
  Assignments out;
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return out;
    if (!st->is_null(0)) out.group_ids.push_back(st->int64(0));
    if (!st->is_null(1)) out.device_ids.push_back(st->int64(1));
  }
}

// One statement, so one snapshot and one round trip (the sync engine asks at
// every boot of every terminal): the assigned persons' rows ('a'), then what
// was sent ('s': person id and PIN in the person's first two columns, the
// revision and formats after the person's columns).
Result<SyncState> read_sync_state(Connection& db, DeviceId device) {
  constexpr int kRevision = 19, kFormats = 20, kPart = 21;
  Result<Statement> st = db.prepare(
      "SELECT " ZKPUSH_PERSON_COLUMNS ", NULL, NULL, 'a' FROM persons p "
      "WHERE p.id IN (SELECT person_id FROM person_assignments WHERE device_id = ?1 "
      "UNION SELECT a.person_id FROM person_assignments a JOIN devices d ON d.group_id = a.group_id "
      "WHERE d.id = ?1) "
      "UNION ALL SELECT person_id, pin, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
      "NULL, NULL, NULL, NULL, NULL, revision, formats, 's' FROM device_person_sync WHERE device_id = ?1 "
      "ORDER BY 22, 1");
  if (!st) return st.error();
  st->bind_int(1, device);
  SyncState state;
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return state;
    if (st->text(kPart) == "a") {
      if (Status s = decode_person(*st, state.assigned.emplace_back()); !s) return s.error();
      continue;
    }
    SyncRow& sent = state.sent.emplace_back();
    sent.person_id = st->int64(0);
    sent.pin = st->string(1);
    sent.revision = st->int64(kRevision);
    sent.formats = st->string(kFormats);
  }
}

#undef ZKPUSH_PERSON_SELECT
#undef ZKPUSH_PERSON_COLUMNS

Result<std::vector<GroupRow>> read_groups(Connection& db) {
  Result<Statement> st =
      db.prepare("SELECT id, name, propagate_enrolments, created_at FROM device_groups ORDER BY id");
  if (!st) return st.error();
  return collect_rows<GroupRow>(*st, [](const Statement& s, GroupRow& g) {
    g.id = s.int64(0);
    g.name = s.string(1);
    g.propagate_enrolments = s.int64(2) != 0;
    g.created_at = s.int64(3);
    return Status::success();
  });
}

}  // namespace zkpush::store::sql
