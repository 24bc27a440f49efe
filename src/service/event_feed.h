// Events as API clients see them (webhooks and GET /api/v1/events): one
// stream merged from three sources, each in its own arrival order:
// attendance rows (attendance.created), attendance photos (attendance.photo)
// and the events table (everything else). Ingest writes nothing extra for
// the first two: their rows are the outbox.
//
// A position in the stream is an EventCursor, written "A.P.E" (the last
// attendance, photo and event row passed); it is the SSE event id, so
// Last-Event-ID resumes exactly where a client stopped. Event ids for
// deduplication are per event: "att-12", "photo-3", "evt-7".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace zkpush::service {

struct Event {
  std::string id;    // "att-12", "photo-3", "evt-7"
  std::string kind;  // "attendance.created", ...
  store::TimeMs at = 0;
  nlohmann::json data;
  store::EventCursor position;  // the stream's position just after this event
};

// Every kind the server emits, for validation of subscriptions.
const std::vector<std::string>& event_kinds();

std::string format_cursor(const store::EventCursor& cursor);
std::optional<store::EventCursor> parse_cursor(std::string_view text);

// Up to `limit` events after `after`, oldest first (merged by time; within a
// source in row order).
Result<std::vector<Event>> read_events(store::Store& store, const store::EventCursor& after, int limit);

// {"id": ..., "kind": ..., "at": "<ISO 8601 UTC>", "data": {...}}
nlohmann::json event_json(const Event& event);

// True when `kinds` is empty (every kind) or names the event's kind.
bool wants(const std::vector<std::string>& kinds, std::string_view kind);

}  // namespace zkpush::service
