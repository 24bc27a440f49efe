// Access rights (store/door_records.h): schedules, holidays, levels and who
// holds them, door names, and what the sync engine sent each panel.

#include "store/sql/apply_ops.h"

namespace zkpush::store::sql {

namespace {

// INSERT (id 0) ... RETURNING id with the fields as ?1.., or UPDATE ...
// WHERE id = ?1 with the fields as ?2..; `bind(st, first)` binds the fields
// from parameter `first` on. Sets `out_id` to the row's id, 0 when an update
// found none.
template <typename Bind>
Status save_row(Connection& db, int64_t id, const char* insert, const char* update, Bind&& bind, int64_t& out_id) {
  Result<Statement> st = db.prepare(id == 0 ? insert : update);
  if (!st) return st.error();
  if (id != 0) st->bind_int(1, id);
  bind(*st, id == 0 ? 1 : 2);
  if (id == 0) {
    Result<int64_t> created = st->run_returning_id();
    if (!created) return created.error();
    out_id = *created;
    return Status::success();
  }
  if (Status s = st->run(); !s) return s;
  out_id = db.changes() > 0 ? id : 0;
  return Status::success();
}

Status delete_by_id(Connection& db, const char* sql, int64_t id, bool& found) {
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_int(1, id);
  if (Status s = st->run(); !s) return s;
  found = db.changes() > 0;
  return Status::success();
}

}  // namespace

Status apply(Connection& db, SaveTimeZone& op) {
  return save_row(
      db, op.zone.id, "INSERT INTO time_zones (name, schedule) VALUES (?1, ?2) RETURNING id",
      "UPDATE time_zones SET name = ?2, schedule = ?3 WHERE id = ?1",
      [&](Statement& st, int at) {
        st.bind_text(at, op.zone.name);
        st.bind_text(at + 1, op.zone.schedule);
      },
      op.id);
}

Status apply(Connection& db, DeleteTimeZone& op) {
  Result<Statement> used = db.prepare("SELECT count(*) FROM access_levels WHERE time_zone_id = ?1");
  if (!used) return used.error();
  used->bind_int(1, op.id);
  Result<bool> row = used->step();
  if (!row) return row.error();
  const int64_t levels = *row ? used->int64(0) : 0;
  used->reset();
  if (levels > 0) return Error::conflict("time zone " + std::to_string(op.id) + " is used by an access level");
  return delete_by_id(db, "DELETE FROM time_zones WHERE id = ?1", op.id, op.found);
}

Status apply(Connection& db, SaveHoliday& op) {
  return save_row(
      db, op.holiday.id,
      "INSERT INTO holidays (date, type, yearly, name) VALUES (?1, ?2, ?3, ?4) RETURNING id",
      "UPDATE holidays SET date = ?2, type = ?3, yearly = ?4, name = ?5 WHERE id = ?1",
      [&](Statement& st, int at) {
        st.bind_text(at, op.holiday.date);
        st.bind_int(at + 1, op.holiday.type);
        st.bind_int(at + 2, op.holiday.yearly ? 1 : 0);
        st.bind_text(at + 3, op.holiday.name);
      },
      op.id);
}

Status apply(Connection& db, DeleteHoliday& op) {
  return delete_by_id(db, "DELETE FROM holidays WHERE id = ?1", op.id, op.found);
}

Status apply(Connection& db, SaveAccessLevel& op) {
  if (Status s = save_row(
          db, op.level.id,
          "INSERT INTO access_levels (name, time_zone_id) VALUES (?1, ?2) RETURNING id",
          "UPDATE access_levels SET name = ?2, time_zone_id = ?3 WHERE id = ?1",
          [&](Statement& st, int at) {
            st.bind_text(at, op.level.name);
            st.bind_int(at + 1, op.level.time_zone_id);
          },
          op.id);
      !s)
    return s;
  if (op.id == 0) return Status::success();
  Result<Statement> clear = db.prepare("DELETE FROM access_level_doors WHERE level_id = ?1");
  if (!clear) return clear.error();
  clear->bind_int(1, op.id);
  if (Status s = clear->run(); !s) return s;
  Result<Statement> add = db.prepare(
      "INSERT INTO access_level_doors (level_id, device_id, door) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
  if (!add) return add.error();
  for (const LevelDoor& door : op.level.doors) {
    add->bind_int(1, op.id);
    add->bind_int(2, door.device);
    add->bind_int(3, door.door);
    if (Status s = add->run_deferred(); !s) return s;
  }
  return Status::success();
}

Status apply(Connection& db, DeleteAccessLevel& op) {
  return delete_by_id(db, "DELETE FROM access_levels WHERE id = ?1", op.id, op.found);
}

Status apply(Connection& db, SetPersonAccessLevels& op) {
  Result<Statement> clear = db.prepare("DELETE FROM person_access_levels WHERE person_id = ?1");
  if (!clear) return clear.error();
  clear->bind_int(1, op.person_id);
  if (Status s = clear->run(); !s) return s;
  Result<Statement> add = db.prepare(
      "INSERT INTO person_access_levels (person_id, level_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  if (!add) return add.error();
  for (int64_t level : op.level_ids) {
    add->bind_int(1, op.person_id);
    add->bind_int(2, level);
    if (Status s = add->run_deferred(); !s) return s;
  }
  return Status::success();
}

Status apply(Connection& db, SetAccessBlocked& op) {
  Result<Statement> st = db.prepare(op.blocked ? "INSERT INTO access_blocks (person_id, blocked_at) VALUES (?1, ?2) "
                                                 "ON CONFLICT (person_id) DO NOTHING"
                                               : "DELETE FROM access_blocks WHERE person_id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.person_id);
  if (op.blocked) st->bind_int(2, op.now);
  return st->run();
}

Status apply(Connection& db, SetDoorName& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO door_names (device_id, door, name) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (device_id, door) DO UPDATE SET name = excluded.name");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(2, op.door);
  st->bind_text(3, op.name);
  return st->run();
}

Status apply(Connection& db, SyncPanelRows& op) {
  Result<Statement> version = db.prepare(
      "UPDATE devices SET access_sync_version = access_sync_version + 1 WHERE id = ?1 AND access_sync_version = ?2");
  if (!version) return version.error();
  version->bind_int(1, op.device);
  version->bind_int(2, op.expected_version);
  if (Status s = version->run(); !s) return s;
  if (db.changes() == 0) return Error::conflict("panel " + std::to_string(op.device) + " was synced meanwhile");
  Result<Statement> upsert = db.prepare(
      "INSERT INTO panel_rows (device_id, table_name, row_key, row_hash) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (device_id, table_name, row_key) DO UPDATE SET row_hash = excluded.row_hash");
  if (!upsert) return upsert.error();
  for (const PanelRow& row : op.upserts) {
    upsert->bind_int(1, op.device);
    upsert->bind_text(2, row.table);
    upsert->bind_text(3, row.key);
    upsert->bind_text(4, row.hash);
    if (Status s = upsert->run_deferred(); !s) return s;
  }
  Result<Statement> remove =
      db.prepare("DELETE FROM panel_rows WHERE device_id = ?1 AND table_name = ?2 AND row_key = ?3");
  if (!remove) return remove.error();
  for (const PanelRow& row : op.deletes) {
    remove->bind_int(1, op.device);
    remove->bind_text(2, row.table);
    remove->bind_text(3, row.key);
    if (Status s = remove->run_deferred(); !s) return s;
  }
  return Status::success();
}

}  // namespace zkpush::store::sql
