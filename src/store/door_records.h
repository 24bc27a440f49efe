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

// ---- access rights (service/access/access_rights.h) ----

// A weekly schedule: for each day ("sun".."sat") and the three holiday
// types ("hol1".."hol3"), at most three intervals "HH:MM"-"HH:MM"; JSON.
struct TimeZoneRow {
  int64_t id = 0;  // the panels' TimezoneId
  std::string name;
  std::string schedule;
};
struct HolidayRow {
  int64_t id = 0;
  std::string date;  // YYYY-MM-DD
  int type = 1;      // 1-3: which hol<n> schedule applies that day
  bool yearly = false;
  std::string name;
};
struct LevelDoor {
  DeviceId device = 0;
  int door = 0;
  bool operator==(const LevelDoor&) const = default;
};
// Doors, and when they open: a time zone.
struct AccessLevelRow {
  int64_t id = 0;
  std::string name;
  int64_t time_zone_id = 0;
  std::vector<LevelDoor> doors;
};
struct DoorNameRow {
  DeviceId device = 0;
  int door = 0;
  std::string name;
};
// Everything the sync engine and the API read of the rights, in one snapshot.
struct AccessRights {
  std::vector<TimeZoneRow> time_zones;
  std::vector<HolidayRow> holidays;
  std::vector<AccessLevelRow> levels;
  std::vector<std::pair<int64_t, int64_t>> grants;  // (person id, level id)
  std::vector<int64_t> blocked;                     // person ids
  std::vector<DoorNameRow> door_names;
};

// A row a panel holds as the sync engine sent it.
struct PanelRow {
  std::string table, key, hash;
};
struct PanelRows {
  int64_t version = 0;  // devices.access_sync_version
  std::vector<PanelRow> rows;
};

// Creates (id 0) or replaces; out `id`. kConflict on a name in use.
struct SaveTimeZone { TimeZoneRow zone; int64_t id = 0; };
// kConflict while a level uses it.
struct DeleteTimeZone { int64_t id = 0; bool found = false; };
struct SaveHoliday { HolidayRow holiday; int64_t id = 0; };
struct DeleteHoliday { int64_t id = 0; bool found = false; };
// kMissingReference for a time zone or device that does not exist.
struct SaveAccessLevel { AccessLevelRow level; int64_t id = 0; };
struct DeleteAccessLevel { int64_t id = 0; bool found = false; };
// Replaces the levels a person holds; kMissingReference for an unknown level.
struct SetPersonAccessLevels { int64_t person_id = 0; std::vector<int64_t> level_ids; };
struct SetAccessBlocked { int64_t person_id = 0; bool blocked = false; TimeMs now = 0; };
struct SetDoorName { DeviceId device = 0; int door = 0; std::string name; };
// What the sync engine queued for a panel (its EnqueueCommands are in the
// same batch): rows now held, rows removed. Only while the panel's version
// is still `expected_version` (kConflict otherwise: another node synced it).
struct SyncPanelRows {
  DeviceId device = 0;
  int64_t expected_version = 0;
  std::vector<PanelRow> upserts;
  std::vector<PanelRow> deletes;  // table and key
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
