// The access-control dialect's writes: real-time events (each new one also
// an event of the outbox) and door states. A panel's session is a device's
// (apply_device_ops.cc).

#include <string>

#include "protocol/access/event_codes.h"
#include "store/sql/apply_ops.h"
#include "store/sql/json_columns.h"

namespace zkpush::store::sql {
namespace {

// store/door_records.h: the index when the event has one, else all of it.
std::string natural_key(const protocol::access::AccessEventRecord& r) {
  if (r.index) return "i" + std::to_string(*r.index);
  std::string key = "r" + std::to_string(r.event) + '/' + std::to_string(r.door) + '/' + std::to_string(r.in_out) +
                    '/' + r.pin + '/' + r.card_no + '/' + r.verify;
  for (const auto& [k, v] : r.extra) key += '/' + k + '=' + v;
  return key;
}

}  // namespace

// One statement per event: panels send a few at a time, and only the new
// ones become events of the outbox.
Status apply(Connection& db, InsertAccessEvents& op) {
  op.inserted = 0;
  Result<Statement> st = db.prepare(
      "INSERT INTO access_events (device_id, time, natural_key, pin, card_no, event, event_class, door, in_out, "
      "verify, log_index, time_valid, extra, received_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT DO NOTHING RETURNING id");
  if (!st) return st.error();
  std::string extra;
  for (std::size_t i = 0; i < op.records.size(); ++i) {
    const auto& r = op.records[i];
    const std::string key = natural_key(r);
    const std::string_view event_class =
        protocol::access::event_class_name(protocol::access::classify_event(r.event, r.pin));
    st->bind_int(1, op.device);
    st->bind_text(2, r.time);
    st->bind_text(3, key);
    st->bind_text(4, r.pin);
    st->bind_text(5, r.card_no);
    st->bind_int(6, r.event);
    st->bind_text(7, event_class);
    st->bind_int(8, r.door);
    st->bind_int(9, r.in_out);
    st->bind_text(10, r.verify);
    st->bind_int(11, r.index);
    st->bind_int(12, r.time_valid ? 1 : 0);
    extra.clear();
    if (r.extra.empty()) {
      st->bind_null(13);
    } else {
      encode_fields(r.extra, extra);
      st->bind_text(13, extra);
    }
    st->bind_int(14, op.received_at);
    Result<bool> row = st->step();
    if (!row) return row.error();
    const bool inserted = *row;
    st->reset();  // ready for the next event's bindings
    if (!inserted) continue;  // a replay of what is stored
    ++op.inserted;
    if (i < op.event_kinds.size() && i < op.event_payloads.size())
      if (Status s = append_event(db, op.event_kinds[i], op.received_at, op.event_payloads[i]); !s) return s;
  }
  return Status::success();
}

Status apply(Connection& db, SetDoorState& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO door_states (device_id, time, sensor, relay, alarm, door, received_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (device_id) DO UPDATE SET time = excluded.time, "
      "sensor = excluded.sensor, relay = excluded.relay, alarm = excluded.alarm, door = excluded.door, "
      "received_at = excluded.received_at");
  if (!st) return st.error();
  const auto& s = op.state;
  st->bind_int(1, op.device);
  st->bind_text(2, s.time);
  st->bind_text(3, s.sensor);
  st->bind_text(4, s.relay);
  st->bind_text(5, s.alarm);
  st->bind_text(6, s.door);
  st->bind_int(7, op.received_at);
  if (Status run = st->run(); !run) return run;
  if (op.event_payload.empty()) return Status::success();
  return append_event(db, "door.state", op.received_at, op.event_payload);
}

}  // namespace zkpush::store::sql
