// The event outbox and webhooks: events appended (by AppendEvent and by the
// ops that cause them), webhooks created, reconfigured and deleted, deliveries recorded and
// webhook cursors moved.

#include <nlohmann/json.hpp>

#include "store/record_names.h"
#include "store/sql/apply_ops.h"

namespace zkpush::store::sql {

// Deferred (Statement::run_deferred): no caller reads the new row's id.
Status append_event(Connection& db, std::string_view kind, TimeMs at, std::string_view payload) {
  Result<Statement> st = db.prepare("INSERT INTO events (kind, at, payload) VALUES (?1, ?2, ?3)");
  if (!st) return st.error();
  st->bind_text(1, kind);
  st->bind_int(2, at);
  st->bind_text(3, payload);
  return st->run_deferred();
}

Status apply(Connection& db, AppendEvent& op) { return append_event(db, op.kind, op.at, op.payload); }

Status apply(Connection& db, CreateWebhook& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO webhooks (url, kinds, secret, created_at, cursor_attendance, cursor_photo, cursor_event, "
      "target, config) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
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
  st->bind_text(8, w.target);
  st->bind_text(9, w.config);
  Result<int64_t> id = st->run_returning_id();
  if (!id) return id.error();
  op.id = *id;
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
      "attempts = webhook_deliveries.attempts + 1, last_http_status = excluded.last_http_status, "
      "last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at, "
      "delivered_at = coalesce(excluded.delivered_at, webhook_deliveries.delivered_at)");
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

Status apply(Connection& db, UpdateWebhookConfig& op) {
  Result<Statement> st = db.prepare("UPDATE webhooks SET config = ?2 WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.id);
  st->bind_text(2, op.config);
  if (Status s = st->run(); !s) return s;
  op.updated = db.changes() > 0;
  return Status::success();
}

}  // namespace zkpush::store::sql
