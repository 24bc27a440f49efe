#include "service/event_feed.h"

#include <algorithm>
#include <charconv>

#include "protocol/record_time.h"
#include "util/clock.h"

namespace zkpush::service {

using nlohmann::json;

const std::vector<std::string>& event_kinds() {
  static const std::vector<std::string> kinds = {
      "attendance.created", "attendance.photo", "person.enrolled",  "device.online",
      "device.offline",     "device.registered", "command.completed", "command.failed",
      "command.expired",    "reconciliation.mismatch", "access.granted",   "access.denied",
      "access.alarm",       "access.door",       "access.device",     "access.unknown",
      "door.state"};
  return kinds;
}

std::string format_cursor(const store::EventCursor& c) {
  return std::to_string(c.attendance) + "." + std::to_string(c.photo) + "." + std::to_string(c.event);
}

std::optional<store::EventCursor> parse_cursor(std::string_view text) {
  int64_t parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, parts[i]);
    if (ec != std::errc() || parts[i] < 0) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
    if (i < 2) {
      if (text.empty() || text.front() != '.') return std::nullopt;
      text.remove_prefix(1);
    }
  }
  if (!text.empty()) return std::nullopt;
  return store::EventCursor{parts[0], parts[1], parts[2]};
}

namespace {

Event attendance_event(const store::AttendanceRow& row, store::EventCursor position) {
  const auto& r = row.record;
  json data{{"sn", row.sn},         {"pin", r.pin},           {"time", r.time},   {"status", r.status},
            {"verify", r.verify},   {"workcode", r.workcode}, {"time_zone", row.time_zone},
            {"attendance_id", row.id}, {"person_name", row.person_name}, {"direction", row.direction}};
  if (auto utc = protocol::record_utc_ms(r.time, row.time_zone)) data["time_utc"] = iso_utc(*utc);
  position.attendance = row.id;
  return {"att-" + std::to_string(row.id), "attendance.created", row.received_at, std::move(data), position};
}

Event photo_event(const store::PhotoRow& row, store::EventCursor position) {
  json data{{"sn", row.sn},     {"pin", row.pin},   {"filename", row.filename},
            {"size", row.size}, {"photo_id", row.id}, {"url", "/api/v1/photos/" + std::to_string(row.id)}};
  position.photo = row.id;
  return {"photo-" + std::to_string(row.id), "attendance.photo", row.received_at, std::move(data), position};
}

Event table_event(const store::EventRow& row, store::EventCursor position) {
  json data = json::parse(row.payload, nullptr, false);
  if (data.is_discarded()) data = json::object();
  position.event = row.id;
  return {"evt-" + std::to_string(row.id), row.kind, row.at, std::move(data), position};
}

}  // namespace

Result<std::vector<Event>> read_events(store::Store& store, const store::EventCursor& after, int limit) {
  store::AttendanceQuery q;
  q.after = after.attendance;
  q.limit = limit;
  auto attendance = store.attendance(q);
  if (!attendance) return attendance.error();
  auto photos = store.attendance_photos_after(after.photo, limit);
  if (!photos) return photos.error();
  auto events = store.events_after(after.event, limit);
  if (!events) return events.error();

  // Merge the three ordered lists by time; each event's position advances
  // only its own source, so it is valid whatever is taken after it.
  std::vector<Event> out;
  std::size_t a = 0, p = 0, e = 0;
  store::EventCursor position = after;
  while (static_cast<int>(out.size()) < limit) {
    const store::TimeMs inf = INT64_MAX;
    const store::TimeMs ta = a < attendance->size() ? (*attendance)[a].received_at : inf;
    const store::TimeMs tp = p < photos->size() ? (*photos)[p].received_at : inf;
    const store::TimeMs te = e < events->size() ? (*events)[e].at : inf;
    if (ta == inf && tp == inf && te == inf) break;
    if (ta <= tp && ta <= te) {
      out.push_back(attendance_event((*attendance)[a++], position));
    } else if (tp <= te) {
      out.push_back(photo_event((*photos)[p++], position));
    } else {
      out.push_back(table_event((*events)[e++], position));
    }
    position = out.back().position;
  }
  return out;
}

json event_json(const Event& event) {
  return json{{"id", event.id}, {"kind", event.kind}, {"at", iso_utc(event.at)}, {"data", event.data}};
}

bool wants(const std::vector<std::string>& kinds, std::string_view kind) {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace zkpush::service
