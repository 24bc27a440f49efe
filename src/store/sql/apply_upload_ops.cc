// Writes of what terminals upload besides punches (apply_attendance_ops.cc):
// operation log, users, templates, photos, error log, uninterpreted records
// and rejected lines.

#include <string>

#include "store/sql/apply_ops.h"
#include "store/sql/json_columns.h"
#include "store/sql/row_codecs.h"

namespace zkpush::store::sql {

Status apply(Connection& db, AppendOplog& op) {
  if (op.records.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO oplog (device_id, op_type, op_who, time, value1, value2, value3, reserved, "
      "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(9, op.received_at);
  for (const protocol::OplogRecord& r : op.records) {
    st->bind_int(2, r.op_type);
    st->bind_text(3, r.op_who);
    st->bind_text(4, r.time);
    st->bind_text(5, r.value1);
    st->bind_text(6, r.value2);
    st->bind_text(7, r.value3);
    st->bind_text(8, r.reserved);
    if (Status s = st->run_deferred(); !s) return s;
  }
  return Status::success();
}

namespace {

// A re-upload's extra keys merged into the stored ones (json_columns.h
// merge_fields), encoded into `out`; just the new keys for a new user or
// unreadable stored keys.
Status merged_extra(Connection& db, DeviceId device, const protocol::UserRecord& user, std::string& out) {
  out.clear();
  Result<Statement> st = db.prepare("SELECT extra FROM device_users WHERE device_id = ?1 AND pin = ?2");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, user.pin);
  Result<bool> found = st->step();
  if (!found) return found.error();
  protocol::Fields stored;
  if (*found && !st->is_null(0) && decode_fields(st->text(0), stored)) {
    merge_fields(stored, user.extra);
    encode_fields(stored, out);
  } else {
    encode_fields(user.extra, out);
  }
  return Status::success();
}

}  // namespace

// A field the line did not carry is bound NULL and coalesce() keeps the stored
// value; a field sent empty overwrites with "". Extra keys merge.
Status apply(Connection& db, UpsertUsers& op) {
  if (op.users.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO device_users (device_id, pin, name, privilege, password, card, user_group, tz, "
      "verify, vice_card, start_datetime, end_datetime, extra, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
      "ON CONFLICT (device_id, pin) DO UPDATE SET "
      "name = coalesce(excluded.name, device_users.name), "
      "privilege = coalesce(excluded.privilege, device_users.privilege), "
      "password = coalesce(excluded.password, device_users.password), "
      "card = coalesce(excluded.card, device_users.card), "
      "user_group = coalesce(excluded.user_group, device_users.user_group), "
      "tz = coalesce(excluded.tz, device_users.tz), "
      "verify = coalesce(excluded.verify, device_users.verify), "
      "vice_card = coalesce(excluded.vice_card, device_users.vice_card), "
      "start_datetime = coalesce(excluded.start_datetime, device_users.start_datetime), "
      "end_datetime = coalesce(excluded.end_datetime, device_users.end_datetime), "
      "extra = coalesce(excluded.extra, device_users.extra), "
      "updated_at = excluded.updated_at");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(14, op.now);
  std::string extra;
  for (const protocol::UserRecord& u : op.users) {
    st->bind_text(2, u.pin);
    st->bind_opt_text(3, u.name);
    st->bind_opt_text(4, u.privilege);
    st->bind_opt_text(5, u.password);
    st->bind_opt_text(6, u.card);
    st->bind_opt_text(7, u.group);
    st->bind_opt_text(8, u.tz);
    st->bind_opt_text(9, u.verify);
    st->bind_opt_text(10, u.vice_card);
    st->bind_opt_text(11, u.start_datetime);
    st->bind_opt_text(12, u.end_datetime);
    if (u.extra.empty()) {
      st->bind_null(13);
    } else {
      if (Status s = merged_extra(db, op.device, u, extra); !s) return s;
      st->bind_text(13, extra);
    }
    if (Status s = st->run(); !s) return s;
    st->reset();
  }
  return Status::success();
}

// Replaces every non-key column of the row with the same natural key.
Status apply(Connection& db, UpsertTemplates& op) {
  if (op.templates.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO templates (device_id, pin, kind, bio_type, no, idx, valid, duress, major_ver, "
      "minor_ver, format, size, updated_at, tmp) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
      "ON CONFLICT (device_id, pin, kind, bio_type, no, idx) DO UPDATE SET "
      "valid = excluded.valid, duress = excluded.duress, major_ver = excluded.major_ver, "
      "minor_ver = excluded.minor_ver, format = excluded.format, size = excluded.size, "
      "updated_at = excluded.updated_at, tmp = excluded.tmp");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(13, op.now);
  for (const protocol::TemplateRecord& t : op.templates) {
    st->bind_text(2, t.pin);
    st->bind_text(3, template_kind_text(t.kind));
    st->bind_int(4, t.bio_type);
    st->bind_int(5, t.no);
    st->bind_int(6, t.index);
    st->bind_int(7, t.valid);
    st->bind_int(8, t.duress);
    st->bind_text(9, t.major_ver);
    st->bind_text(10, t.minor_ver);
    st->bind_text(11, t.format);
    if (t.size) {
      st->bind_int(12, *t.size);
    } else {
      st->bind_null(12);
    }
    st->bind_text(14, t.tmp);
    if (Status s = st->run(); !s) return s;
    st->reset();
  }
  return Status::success();
}

// A re-upload with the same natural key (row_codecs.h) replaces the stored
// photo in place and keeps its id.
Status apply(Connection& db, StorePhotos& op) {
  op.ids.clear();
  if (op.photos.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO photos (device_id, kind, pin, filename, bio_type, declared_size, size, "
      "received_at, dedupe_key, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (device_id, kind, dedupe_key) DO UPDATE SET "
      "pin = excluded.pin, filename = excluded.filename, bio_type = excluded.bio_type, "
      "declared_size = excluded.declared_size, size = excluded.size, "
      "received_at = excluded.received_at, bytes = excluded.bytes "
      "RETURNING id");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(8, op.received_at);
  for (const protocol::PhotoRecord& p : op.photos) {
    const std::optional<std::string> key = photo_dedupe_key(p);
    st->bind_text(2, photo_kind_text(p.kind));
    st->bind_text(3, p.pin);
    st->bind_text(4, p.filename);
    st->bind_int(5, p.bio_type);
    st->bind_int(6, p.declared_size);
    st->bind_int(7, static_cast<int64_t>(p.bytes.size()));
    st->bind_opt_text(9, key);
    st->bind_blob(10, p.bytes);
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return Error::storage("photo insert returned no id");
    op.ids.push_back(st->int64(0));
    if (Status s = st->run(); !s) return s;
    st->reset();
  }
  return Status::success();
}

Status apply(Connection& db, AppendErrorlog& op) {
  if (op.records.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO errorlog (device_id, err_code, err_msg, data_origin, cmd_id, additional, "
      "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(7, op.received_at);
  for (const protocol::ErrorlogRecord& r : op.records) {
    st->bind_text(2, r.err_code);
    st->bind_text(3, r.err_msg);
    st->bind_text(4, r.data_origin);
    st->bind_text(5, r.cmd_id);
    st->bind_text(6, r.additional);
    if (Status s = st->run(); !s) return s;
    st->reset();
  }
  return Status::success();
}

Status apply(Connection& db, StoreGeneric& op) {
  if (op.records.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO generic_records (device_id, table_name, fields, received_at) "
      "VALUES (?1, ?2, ?3, ?4)");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(4, op.received_at);
  std::string fields;
  for (const protocol::GenericRecord& r : op.records) {
    fields.clear();
    encode_fields(r.fields, fields);
    st->bind_text(2, r.table);
    st->bind_text(3, fields);
    if (Status s = st->run(); !s) return s;
    st->reset();
  }
  return Status::success();
}

// The line is a BLOB: it failed to parse, so nothing says it is text.
Status apply(Connection& db, StoreRejected& op) {
  if (op.lines.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "INSERT INTO rejected_lines (device_id, table_name, reason, received_at, line) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_text(2, op.table);
  st->bind_int(4, op.received_at);
  for (const protocol::RejectedLine& l : op.lines) {
    st->bind_text(3, l.reason);
    st->bind_blob(5, l.line);
    if (Status s = st->run(); !s) return s;
    st->reset();
  }
  return Status::success();
}

}  // namespace zkpush::store::sql
