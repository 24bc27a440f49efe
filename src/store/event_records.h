// Rows and write operations of the event outbox and the webhooks that
// deliver it. store.h includes this file; the Store interface there reads
// and writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/ids.h"

namespace zkpush::store {

// The three event sources, each ordered by its own row id: attendance rows
// (attendance.created), attendance photos (attendance.photo) and the events
// table (everything else).
struct EventCursor {
  int64_t attendance = 0, photo = 0, event = 0;
  bool operator==(const EventCursor&) const = default;
};

struct EventRow {
  int64_t id = 0;
  std::string kind;
  TimeMs at = 0;
  std::string payload;  // JSON object
};

struct AppendEvent {
  std::string kind;
  TimeMs at = 0;
  std::string payload;  // JSON object
};

struct WebhookRow {
  int64_t id = 0;
  std::string url;
  std::vector<std::string> kinds;  // empty: every kind
  std::string secret;
  TimeMs created_at = 0;
  EventCursor cursor;
  // "webhook": a signed POST of each event to `url`; "erpnext" or "odoo": a
  // connector (service/connectors/) with its settings in `config`, a JSON object.
  std::string target = "webhook";
  std::string config = "{}";
};

enum class DeliveryStatus { kFailing, kDelivered, kGivenUp };

struct DeliveryRow {
  int64_t id = 0;
  int64_t webhook_id = 0;
  std::string event_id;  // "att-12", "photo-3", "evt-7"
  std::string event_kind;
  DeliveryStatus status = DeliveryStatus::kFailing;
  int attempts = 0;
  std::optional<int> last_http_status;
  std::string last_error;
  TimeMs first_attempt_at = 0, last_attempt_at = 0;
  std::optional<TimeMs> delivered_at;
};

struct CreateWebhook {
  WebhookRow webhook;  // cursor: where it starts
  int64_t id = 0;      // out
};
struct DeleteWebhook {
  int64_t id = 0;
  bool deleted = false;  // out
};
// One delivery attempt's outcome; when the event is settled (delivered or
// given up) the webhook's cursor moves past it in the same transaction.
struct RecordDelivery {
  int64_t webhook_id = 0;
  std::string event_id, event_kind;
  DeliveryStatus status = DeliveryStatus::kFailing;
  std::optional<int> http_status;
  std::string error;
  TimeMs now = 0;
  std::optional<EventCursor> settle_to;  // the webhook's cursor after this event
};
// Moves a webhook's cursor past events it does not subscribe to.
struct AdvanceWebhook {
  int64_t webhook_id = 0;
  EventCursor cursor;
};
// Replaces a connector's settings (PATCH /api/v1/connectors/{id}) in place:
// its cursor and delivery log stay, which a delete and create would lose.
struct UpdateWebhookConfig {
  int64_t id = 0;
  std::string config;    // JSON object
  bool updated = false;  // out: false when there is no such row
};

// Where a webhook's deliveries stand (a connector's status): its latest
// success and its latest attempt that was not one.
struct DeliverySummary {
  std::optional<TimeMs> last_delivered_at;
  std::optional<DeliveryRow> last_failure;  // failing or given up, newest attempt
};

}  // namespace zkpush::store
