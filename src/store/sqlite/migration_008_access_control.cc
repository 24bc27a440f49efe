// Schema version 8, for access-control panels and terminals (the Security
// PUSH dialect, store/door_records.h): the session a panel registered, its
// real-time events and the last state of its doors; access rights and what
// each panel was sent of them. The same tables exist on
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

-- Access rights, managed on the server and synced to panels (service/access/):
-- weekly schedules, holidays, access levels (doors x a schedule), who holds
-- which level, and who is blocked.
CREATE TABLE time_zones (
  id        INTEGER PRIMARY KEY,   -- the panels' TimezoneId
  name      TEXT    NOT NULL UNIQUE,
  schedule  TEXT    NOT NULL       -- JSON: {"mon": [["08:00","18:00"]], ..., "hol1": [...]}, at most 3 intervals a day
);
CREATE TABLE holidays (
  id      INTEGER PRIMARY KEY,
  date    TEXT    NOT NULL UNIQUE,  -- YYYY-MM-DD
  type    INTEGER NOT NULL,         -- 1-3: which hol<n> schedule applies
  yearly  INTEGER NOT NULL,         -- 1: the same day every year
  name    TEXT    NOT NULL
);
CREATE TABLE access_levels (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE,
  time_zone_id  INTEGER NOT NULL REFERENCES time_zones (id)
);
CREATE TABLE access_level_doors (
  level_id   INTEGER NOT NULL REFERENCES access_levels (id) ON DELETE CASCADE,
  device_id  INTEGER NOT NULL REFERENCES devices (id),
  door       INTEGER NOT NULL,
  PRIMARY KEY (level_id, device_id, door)
);
CREATE TABLE person_access_levels (
  person_id  INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  level_id   INTEGER NOT NULL REFERENCES access_levels (id) ON DELETE CASCADE,
  PRIMARY KEY (person_id, level_id)
);
CREATE TABLE access_blocks (
  person_id   INTEGER NOT NULL PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
  blocked_at  INTEGER NOT NULL
);
CREATE TABLE door_names (
  device_id  INTEGER NOT NULL REFERENCES devices (id),
  door       INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  PRIMARY KEY (device_id, door)
);
-- What each panel holds as the sync engine sent it: a row's table, key and
-- a hash of its text. access_sync_version orders the engine's writes: a
-- sync that lost the race against another node's is refused.
CREATE TABLE panel_rows (
  device_id   INTEGER NOT NULL REFERENCES devices (id),
  table_name  TEXT    NOT NULL,
  row_key     TEXT    NOT NULL,
  row_hash    TEXT    NOT NULL,
  PRIMARY KEY (device_id, table_name, row_key)
);
ALTER TABLE devices ADD COLUMN access_sync_version INTEGER NOT NULL DEFAULT 0;
)sql";

}  // namespace zkpush::store::sqlite
