// Schema version 8, for access-control panels and terminals (the Security
// PUSH dialect, store/door_records.h): the session a panel registered, its
// real-time events and the last state of its doors. The same tables exist on
// PostgreSQL (store/postgres/pg_migration_008_access_control.cc).

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration008AccessControl = R"sql(
-- Given at registration; the panel's token is the MD5 of these and its serial number.
ALTER TABLE devices ADD COLUMN registry_code TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
-- Before this version the code was kept among the properties.
UPDATE devices SET registry_code = coalesce(
  (SELECT value FROM device_properties p WHERE p.device_id = devices.id AND p.key = 'RegistryCode'), '');
DELETE FROM device_properties WHERE key = 'RegistryCode';

CREATE TABLE access_events (
  id           INTEGER PRIMARY KEY,
  device_id    INTEGER NOT NULL REFERENCES devices (id),
  time         TEXT    NOT NULL,  -- device-local, as the event says
  natural_key  TEXT    NOT NULL,  -- "i<index>", or every field when there is no index
  pin          TEXT    NOT NULL,
  card_no      TEXT    NOT NULL,
  event        INTEGER NOT NULL,
  event_class  TEXT    NOT NULL,  -- granted, denied, alarm, door, device, unknown
  door         INTEGER NOT NULL,
  in_out       INTEGER NOT NULL,
  verify       TEXT    NOT NULL,
  log_index    INTEGER,
  time_valid   INTEGER NOT NULL,
  extra        TEXT,              -- the other fields, [["key","value"],...] (json_columns.h), or NULL
  received_at  INTEGER NOT NULL,
  UNIQUE (device_id, time, natural_key)
);
CREATE INDEX access_events_by_device ON access_events (device_id, id);
CREATE INDEX access_events_by_pin ON access_events (pin, id);
CREATE INDEX access_events_by_class ON access_events (event_class, id);

CREATE TABLE door_states (
  device_id    INTEGER NOT NULL PRIMARY KEY REFERENCES devices (id),
  time         TEXT    NOT NULL,
  sensor       TEXT    NOT NULL,
  relay        TEXT    NOT NULL,
  alarm        TEXT    NOT NULL,
  door         TEXT    NOT NULL,
  received_at  INTEGER NOT NULL
);
)sql";

}  // namespace zkpush::store::sqlite
