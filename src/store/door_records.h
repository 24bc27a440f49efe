// Rows and write operations of the access-control dialect (Security PUSH
// 3.x): the session a panel registered, its real-time events and the last
// state of its doors. store.h includes this file; the Store interface there
// reads and writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/access/records.h"
#include "store/ids.h"

namespace zkpush::store {

// One real-time event as stored. Its natural key, which makes a replayed
// event (panels send their buffer again after a reconnection) a duplicate:
// (device, time, index) when the event carries the device's record index;
// else (device, time, and every field the event has). The index restarts
// after a factory reset, which the time tells apart.
struct AccessEventRow {
  int64_t id = 0;  // arrival order; the paging cursor
  std::string sn;
  protocol::access::AccessEventRecord record;
  TimeMs received_at = 0;
  std::string person_name;  // from persons, when the PIN is one of theirs
};

// The last door-state row a device sent (rtstate, or the state row inside
// rtlog), as sent: decoded per door by protocol/access/realtime.h.
struct DoorStateRow {
  DeviceId device = 0;
  std::string sn;
  protocol::access::DoorStateRecord state;
  TimeMs received_at = 0;
};

// Stores what is new among `records` and, for each event stored, appends to
// the event outbox the event at the same position of `event_kinds` and
// `event_payloads` (one each per record), in the same transaction.
struct InsertAccessEvents {
  DeviceId device = 0;
  TimeMs received_at = 0;
  std::vector<protocol::access::AccessEventRecord> records;
  std::vector<std::string> event_kinds;
  std::vector<std::string> event_payloads;  // JSON objects
  int inserted = 0;  // out: records that were new
};

// A device's doors changed state; also appends `event_payload` as a
// door.state event when it is not empty.
struct SetDoorState {
  DeviceId device = 0;
  TimeMs received_at = 0;
  protocol::access::DoorStateRecord state;
  std::string event_payload;
};

// A panel registered (POST /iclock/registry): the code it was given and the
// session id /iclock/push hands out, from which it derives its token.
struct SetAccessSession {
  DeviceId device = 0;
  std::string registry_code;
  std::string session_id;
};

// Access events, newest first (`before`: ids below it; 0 from the newest),
// filtered by what is set.
struct AccessEventQuery {
  std::optional<std::string> sn, pin;
  std::optional<int> door, event;
  std::vector<std::string> classes;  // event_class_name()s; empty: every class
  std::optional<std::string> from, to;  // device-local "YYYY-MM-DD HH:MM:SS", inclusive
  int64_t before = 0;
  int limit = 100;
};

}  // namespace zkpush::store
