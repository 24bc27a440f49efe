// Device groups and labels, and what each terminal was last sent of each
// person (the sync engine's record).

#include "store/sql/apply_ops.h"

namespace zkpush::store::sql {

Status apply(Connection& db, SaveGroup& op) {
  if (op.id == 0) {
    Result<Statement> st = db.prepare(
        "INSERT INTO device_groups (name, propagate_enrolments, created_at) VALUES (?1, ?2, ?3) RETURNING id");
    if (!st) return st.error();
    st->bind_text(1, op.name);
    st->bind_int(2, op.propagate_enrolments ? 1 : 0);
    st->bind_int(3, op.now);
    Result<int64_t> id = st->run_returning_id();
    if (!id) return id.error();
    op.id = *id;
    return Status::success();
  }
  Result<Statement> st =
      db.prepare("UPDATE device_groups SET name = ?2, propagate_enrolments = ?3 WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.id);
  st->bind_text(2, op.name);
  st->bind_int(3, op.propagate_enrolments ? 1 : 0);
  if (Status s = st->run(); !s) return s;
  op.found = db.changes() > 0;
  return Status::success();
}

Status apply(Connection& db, DeleteGroup& op) {
  Result<Statement> st = db.prepare("DELETE FROM device_groups WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.id);
  if (Status s = st->run(); !s) return s;
  op.deleted = db.changes() > 0;
  return Status::success();
}

Status apply(Connection& db, SetDeviceLabel& op) {
  if (op.name) {
    Result<Statement> st = db.prepare("UPDATE devices SET name = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st->bind_int(1, op.device);
    st->bind_text(2, *op.name);
    if (Status s = st->run(); !s) return s;
  }
  if (op.group_id) {
    Result<Statement> st = db.prepare("UPDATE devices SET group_id = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st->bind_int(1, op.device);
    st->bind_int(2, *op.group_id);
    if (Status s = st->run(); !s) return s;
  }
  if (op.punch_direction) {
    Result<Statement> st = db.prepare("UPDATE devices SET punch_direction = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st->bind_int(1, op.device);
    st->bind_text(2, *op.punch_direction);
    if (Status s = st->run(); !s) return s;
  }
  return Status::success();
}

namespace {

Error lost_sync_race(const char* what) {
  return Error::conflict(std::string(what) + ": another sync of this terminal was recorded first");
}

}  // namespace

Status apply(Connection& db, SetSynced& op) {
  const bool first = op.only_if && !*op.only_if;
  const bool replaces = op.only_if && *op.only_if;
  Result<Statement> st = db.prepare(
      first ? "INSERT INTO device_person_sync (device_id, person_id, pin, revision, formats) "
              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING"
      : replaces
          ? "UPDATE device_person_sync SET pin = ?3, revision = ?4, formats = ?5 "
            "WHERE device_id = ?1 AND person_id = ?2 AND revision = ?6 AND formats = ?7"
          : "INSERT INTO device_person_sync (device_id, person_id, pin, revision, formats) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT (device_id, person_id) DO UPDATE SET pin = excluded.pin, revision = excluded.revision, "
            "formats = excluded.formats");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(2, op.row.person_id);
  st->bind_text(3, op.row.pin);
  st->bind_int(4, op.row.revision);
  st->bind_text(5, op.row.formats);
  if (replaces) {
    st->bind_int(6, (*op.only_if)->revision);
    st->bind_text(7, (*op.only_if)->formats);
  }
  if (Status s = st->run(); !s) return s;
  if (op.only_if && db.changes() == 0) return lost_sync_race("SetSynced");
  return Status::success();
}

Status apply(Connection& db, ClearSynced& op) {
  Result<Statement> st = db.prepare(
      op.only_if_revision
          ? "DELETE FROM device_person_sync WHERE device_id = ?1 AND person_id = ?2 AND revision = ?3"
          : "DELETE FROM device_person_sync WHERE device_id = ?1 AND person_id = ?2");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(2, op.person_id);
  if (op.only_if_revision) st->bind_int(3, *op.only_if_revision);
  if (Status s = st->run(); !s) return s;
  if (op.only_if_revision && db.changes() == 0) return lost_sync_race("ClearSynced");
  return Status::success();
}

}  // namespace zkpush::store::sql
