// Admin API writes: tokens, the audit log, device groups and labels, what
// each terminal was sent, events and webhooks.

#include <nlohmann/json.hpp>

#include "store/admin_names.h"
#include "store/sqlite/apply_ops.h"

namespace zkpush::store::sqlite {

Status append_event(Connection& db, std::string_view kind, TimeMs at, std::string_view payload, int64_t* id) {
  Result<Statement> st = db.prepare("INSERT INTO events (kind, at, payload) VALUES (?1, ?2, ?3)");
  if (!st) return st.error();
  st->bind_text(1, kind);
  st->bind_int(2, at);
  st->bind_text(3, payload);
  if (Status s = st->run(); !s) return s;
  if (id != nullptr) *id = db.last_insert_rowid();
  return Status::success();
}

Status apply(Connection& db, CreateToken& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO api_tokens (name, scope, token_hash, prefix, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return st.error();
  st->bind_text(1, op.name);
  st->bind_text(2, scope_name(op.scope));
  st->bind_text(3, op.token_hash);
  st->bind_text(4, op.prefix);
  st->bind_int(5, op.now);
  if (Status s = st->run(); !s) return s;
  op.id = db.last_insert_rowid();
  return Status::success();
}

Status apply(Connection& db, RevokeToken& op) {
  Result<Statement> st =
      db.prepare("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  if (!st) return st.error();
  st->bind_int(1, op.id);
  st->bind_int(2, op.now);
  if (Status s = st->run(); !s) return s;
  op.revoked = db.changes() > 0;
  return Status::success();
}

Status apply(Connection& db, AppendAudit& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO audit_log (at, token_id, token_name, method, path, status, detail) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return st.error();
  const AuditRow& r = op.row;
  st->bind_int(1, r.at);
  st->bind_int(2, r.token_id);
  st->bind_text(3, r.token_name);
  st->bind_text(4, r.method);
  st->bind_text(5, r.path);
  st->bind_int(6, r.status);
  st->bind_text(7, r.detail);
  return st->run();
}

Status apply(Connection& db, SaveGroup& op) {
  if (op.id == 0) {
    Result<Statement> st = db.prepare(
        "INSERT INTO device_groups (name, propagate_enrolments, created_at) VALUES (?1, ?2, ?3)");
    if (!st) return st.error();
    st->bind_text(1, op.name);
    st->bind_int(2, op.propagate_enrolments ? 1 : 0);
    st->bind_int(3, op.now);
    if (Status s = st->run(); !s) return s;
    op.id = db.last_insert_rowid();
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
  return Status::success();
}

Status apply(Connection& db, SetSynced& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO device_person_sync (device_id, person_id, pin, revision, formats) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (device_id, person_id) DO UPDATE SET pin = excluded.pin, revision = excluded.revision, "
      "formats = excluded.formats");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(2, op.row.person_id);
  st->bind_text(3, op.row.pin);
  st->bind_int(4, op.row.revision);
  st->bind_text(5, op.row.formats);
  return st->run();
}

Status apply(Connection& db, ClearSynced& op) {
  Result<Statement> st = db.prepare("DELETE FROM device_person_sync WHERE device_id = ?1 AND person_id = ?2");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(2, op.person_id);
  return st->run();
}

Status apply(Connection& db, AppendEvent& op) { return append_event(db, op.kind, op.at, op.payload, &op.id); }

Status apply(Connection& db, CreateWebhook& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO webhooks (url, kinds, secret, created_at, cursor_attendance, cursor_photo, cursor_event) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return st.error();
  const WebhookRow& w = op.webhook;
  const std::string kinds = nlohmann::json(w.kinds).dump();
  st->bind_text(1, w.url);
  st->bind_text(2, kinds);
  st->bind_text(3, w.secret);
  st->bind_int(4, w.created_at);
  st->bind_int(5, w.cursor.attendance);
  st->bind_int(6, w.cursor.photo);
  st->bind_int(7, w.cursor.event);
  if (Status s = st->run(); !s) return s;
  op.id = db.last_insert_rowid();
  return Status::success();
}

Status apply(Connection& db, DeleteWebhook& op) {
  Result<Statement> st = db.prepare("DELETE FROM webhooks WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.id);
  if (Status s = st->run(); !s) return s;
  op.deleted = db.changes() > 0;
  return Status::success();
}

namespace {

Status set_cursor(Connection& db, int64_t webhook, const EventCursor& c) {
  Result<Statement> st = db.prepare(
      "UPDATE webhooks SET cursor_attendance = ?2, cursor_photo = ?3, cursor_event = ?4 WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, webhook);
  st->bind_int(2, c.attendance);
  st->bind_int(3, c.photo);
  st->bind_int(4, c.event);
  return st->run();
}

}  // namespace

Status apply(Connection& db, RecordDelivery& op) {
  const bool delivered = op.status == DeliveryStatus::kDelivered;
  Result<Statement> st = db.prepare(
      "INSERT INTO webhook_deliveries (webhook_id, event_id, event_kind, status, attempts, last_http_status, "
      "last_error, first_attempt_at, last_attempt_at, delivered_at) "
      "VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?7, ?8) "
      "ON CONFLICT (webhook_id, event_id) DO UPDATE SET status = excluded.status, "
      "attempts = attempts + 1, last_http_status = excluded.last_http_status, "
      "last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at, "
      "delivered_at = coalesce(excluded.delivered_at, delivered_at)");
  if (!st) return st.error();
  st->bind_int(1, op.webhook_id);
  st->bind_text(2, op.event_id);
  st->bind_text(3, op.event_kind);
  st->bind_text(4, delivery_status_name(op.status));
  if (op.http_status) st->bind_int(5, *op.http_status);
  else st->bind_null(5);
  st->bind_text(6, op.error);
  st->bind_int(7, op.now);
  if (delivered) st->bind_int(8, op.now);
  else st->bind_null(8);
  if (Status s = st->run(); !s) return s;
  if (op.settle_to) return set_cursor(db, op.webhook_id, *op.settle_to);
  return Status::success();
}

Status apply(Connection& db, AdvanceWebhook& op) { return set_cursor(db, op.webhook_id, op.cursor); }

Status apply(Connection& db, SetServerSettings& op) {
  Result<Statement> set = db.prepare(
      "INSERT INTO server_settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!set) return set.error();
  Result<Statement> clear = db.prepare("DELETE FROM server_settings WHERE key = ?1");
  if (!clear) return clear.error();
  for (const auto& [key, value] : op.values) {
    Statement& st = value.empty() ? *clear : *set;
    st.bind_text(1, key);
    if (!value.empty()) st.bind_text(2, value);
    if (Status s = st.run(); !s) return s;
    st.reset();
  }
  return Status::success();
}

}  // namespace zkpush::store::sqlite
