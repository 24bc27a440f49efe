// Reads of the event outbox and the webhooks that deliver it: where the
// event sources end, the events table, webhooks and their delivery log.

#include <nlohmann/json.hpp>

#include "store/record_names.h"
#include "store/sql/read_rows.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

Status decode_webhook(const Statement& st, WebhookRow& w) {
  w.id = st.int64(0);
  w.url = st.string(1);
  nlohmann::json kinds = nlohmann::json::parse(st.text(2), nullptr, false);
  if (!kinds.is_array()) return corrupt_value("webhooks.kinds", st.text(2));
  for (const auto& k : kinds)
    if (k.is_string()) w.kinds.push_back(k.get<std::string>());
  w.secret = st.string(3);
  w.created_at = st.int64(4);
  w.cursor = {st.int64(5), st.int64(6), st.int64(7)};
  w.target = st.string(8);
  w.config = st.string(9);
  return Status::success();
}

Status decode_delivery(const Statement& st, DeliveryRow& d) {
  d.id = st.int64(0);
  d.webhook_id = st.int64(1);
  d.event_id = st.string(2);
  d.event_kind = st.string(3);
  std::optional<DeliveryStatus> status = delivery_status_from_name(st.text(4));
  if (!status) return corrupt_value("webhook_deliveries.status", st.text(4));
  d.status = *status;
  d.attempts = st.integer(5);
  if (!st.is_null(6)) d.last_http_status = st.integer(6);
  d.last_error = st.string(7);
  d.first_attempt_at = st.int64(8);
  d.last_attempt_at = st.int64(9);
  d.delivered_at = st.opt_int64(10);
  return Status::success();
}

}  // namespace

Result<EventCursor> read_event_end(Connection& db) {
  Result<Statement> st = db.prepare(
      "SELECT (SELECT coalesce(max(id), 0) FROM attendance), "
      "(SELECT coalesce(max(id), 0) FROM photos), (SELECT coalesce(max(id), 0) FROM events)");
  if (!st) return st.error();
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return EventCursor{};
  return EventCursor{st->int64(0), st->int64(1), st->int64(2)};
}

Result<std::vector<EventRow>> read_events_after(Connection& db, int64_t after, int limit) {
  return read_table_page<EventRow>(db, "SELECT id, kind, at, payload FROM events WHERE id > ?1 ORDER BY id LIMIT ?2",
                                   after, limit, [](const Statement& st, EventRow& e) {
                                     e.id = st.int64(0);
                                     e.kind = st.string(1);
                                     e.at = st.int64(2);
                                     e.payload = st.string(3);
                                     return Status::success();
                                   });
}

Result<std::vector<WebhookRow>> read_webhooks(Connection& db) {
  Result<Statement> st = db.prepare(
      "SELECT id, url, kinds, secret, created_at, cursor_attendance, cursor_photo, cursor_event, target, config "
      "FROM webhooks "
      "ORDER BY id");
  if (!st) return st.error();
  return collect_rows<WebhookRow>(*st, decode_webhook);
}

Result<DeliverySummary> read_delivery_summary(Connection& db, int64_t webhook_id) {
  DeliverySummary summary;
  Result<Statement> last = db.prepare(
      "SELECT max(delivered_at) FROM webhook_deliveries WHERE webhook_id = ?1 AND status = 'delivered'");
  if (!last) return last.error();
  last->bind_int(1, webhook_id);
  Result<bool> row = last->step();
  if (!row) return row.error();
  if (*row) summary.last_delivered_at = last->opt_int64(0);
  Result<Statement> failure = db.prepare(
      "SELECT id, webhook_id, event_id, event_kind, status, attempts, last_http_status, last_error, "
      "first_attempt_at, last_attempt_at, delivered_at FROM webhook_deliveries "
      "WHERE webhook_id = ?1 AND status <> 'delivered' ORDER BY last_attempt_at DESC, id DESC LIMIT 1");
  if (!failure) return failure.error();
  failure->bind_int(1, webhook_id);
  auto failures = collect_rows<DeliveryRow>(*failure, decode_delivery);
  if (!failures) return failures.error();
  if (!failures->empty()) summary.last_failure = failures->front();
  return summary;
}

Result<std::vector<DeliveryRow>> read_deliveries(Connection& db, int64_t webhook_id, const PageQuery& page) {
  if (page.limit <= 0) return std::vector<DeliveryRow>();
  Result<Statement> st = db.prepare(
      "SELECT id, webhook_id, event_id, event_kind, status, attempts, last_http_status, last_error, "
      "first_attempt_at, last_attempt_at, delivered_at FROM webhook_deliveries "
      "WHERE webhook_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
  if (!st) return st.error();
  st->bind_int(1, webhook_id);
  st->bind_int(2, page.after);
  st->bind_int(3, page.limit);
  return collect_rows<DeliveryRow>(*st, decode_delivery);
}

}  // namespace zkpush::store::sql
