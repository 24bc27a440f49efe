// Schema version 1.
//
// Conventions
// - Times the server measures (first_seen, received_at, created_at...) are
//   INTEGER Unix milliseconds UTC. Times the terminal reports (attendance.time,
//   oplog.time) stay TEXT in device-local "YYYY-MM-DD HH:MM:SS", as normalised
//   by the codec, so ranges compare as strings; attendance keeps the device's
//   TimeZone option beside each row so it can be converted later.
// - Every row a terminal produced references devices(id); foreign keys are
//   enforced on the writer connection, so an op naming an unknown device fails
//   its batch instead of leaving orphans.
// - Enums are text (see row_codecs.h). JSON columns are described in
//   json_columns.h. Large blobs are the last column of their table so reading
//   the other columns never walks their overflow pages.
//
// attendance: `id` is the arrival order and the API's paging cursor. The
//   natural key (device_id, time, pin, status, verify) is UNIQUE and drives
//   deduplication with INSERT OR IGNORE: terminals replay whole histories
//   (44,718 records seen), and capture R25 shows one PIN twice in the same
//   second with different verify modes (face, then finger), both real. The key
//   is ordered device, then time, because terminals upload and replay in time
//   order: inserts then append to the index instead of landing at random
//   (perf-facts.md: a pin-first key costs ~8x). attendance_by_device
//   (device_id, id) also appends; it lets a per-device page walk the index
//   instead of sorting all of the device's rows for every page, for ~30% of
//   new-row ingest (measured ~200k rows/s with it, ~300k without, batches of
//   128; replays unaffected). Filters by PIN or time alone scan by id: an index
//   led by pin would insert at random.
// device_users: one row per (device, PIN). Columns other than pin are NULL when
//   the terminal never sent that field, so an upsert keeps a stored value the
//   new line omits. `extra` holds the other keys as ordered pairs.
// templates: one row per natural key (device, pin, kind, bio_type, no, idx);
//   a re-upload replaces the row in place (its id is kept).
// photos: dedupe_key is the per-kind natural key (row_codecs.h); NULL when the
//   key field is empty, which never conflicts.
// commands: AUTOINCREMENT so a command ID is never reused, even after rows are
//   deleted; the ID on the wire is the decimal id. `reply` and `content` are
//   BLOB because SHELL/GetFile replies carry binary. Expiry stores its time in
//   completed_at; a late reply overwrites it. `deliveries` counts getrequest
//   replies that carried the command (a re-queued command goes out again).
// device_stamps: the last stamp acknowledged per upload table (upper case).

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration001Initial = R"sql(
CREATE TABLE devices (
  id            INTEGER PRIMARY KEY,
  sn            TEXT    NOT NULL UNIQUE,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  ip            TEXT    NOT NULL DEFAULT '',
  user_agent    TEXT    NOT NULL DEFAULT '',
  push_version  TEXT    NOT NULL DEFAULT '',
  language      TEXT    NOT NULL DEFAULT '',
  device_type   TEXT    NOT NULL DEFAULT '',
  push_comm_key TEXT    NOT NULL DEFAULT '',
  registered    INTEGER NOT NULL DEFAULT 0,  -- completed POST /iclock/registry (PUSH 3.x)
  last_handshake INTEGER NOT NULL DEFAULT 0  -- 0: dialect unknown (never sent options=all)
);

CREATE TABLE device_properties (
  device_id INTEGER NOT NULL REFERENCES devices(id),
  key       TEXT    NOT NULL,
  value     TEXT    NOT NULL,
  PRIMARY KEY (device_id, key)
) WITHOUT ROWID;

CREATE TABLE device_settings (
  device_id INTEGER NOT NULL REFERENCES devices(id),
  key       TEXT    NOT NULL,
  value     TEXT    NOT NULL,
  PRIMARY KEY (device_id, key)
) WITHOUT ROWID;

CREATE TABLE device_stamps (
  device_id  INTEGER NOT NULL REFERENCES devices(id),
  table_name TEXT    NOT NULL,
  stamp      TEXT    NOT NULL,
  PRIMARY KEY (device_id, table_name)
) WITHOUT ROWID;

CREATE TABLE attendance (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  pin         TEXT    NOT NULL,
  time        TEXT    NOT NULL,
  status      INTEGER NOT NULL,
  verify      INTEGER NOT NULL,
  workcode    TEXT    NOT NULL,
  reserved1   TEXT    NOT NULL,
  reserved2   TEXT    NOT NULL,
  extra       TEXT,             -- JSON array of strings; NULL when none
  time_zone   TEXT    NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX attendance_natural_key ON attendance (device_id, time, pin, status, verify);
CREATE INDEX attendance_by_device ON attendance (device_id, id);

CREATE TABLE oplog (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  op_type     INTEGER NOT NULL,
  op_who      TEXT    NOT NULL,
  time        TEXT    NOT NULL,
  value1      TEXT    NOT NULL,
  value2      TEXT    NOT NULL,
  value3      TEXT    NOT NULL,
  reserved    TEXT    NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX oplog_by_device ON oplog (device_id, id);

CREATE TABLE device_users (
  id             INTEGER PRIMARY KEY,
  device_id      INTEGER NOT NULL REFERENCES devices(id),
  pin            TEXT    NOT NULL,
  name           TEXT,
  privilege      TEXT,
  password       TEXT,
  card           TEXT,
  user_group     TEXT,
  tz             TEXT,
  verify         TEXT,
  vice_card      TEXT,
  start_datetime TEXT,
  end_datetime   TEXT,
  extra          TEXT,          -- JSON [[key, value], ...]; NULL when none
  updated_at     INTEGER NOT NULL,
  UNIQUE (device_id, pin)
);
CREATE INDEX device_users_by_device ON device_users (device_id, id);
CREATE INDEX device_users_by_pin ON device_users (pin, updated_at);

CREATE TABLE templates (
  id         INTEGER PRIMARY KEY,
  device_id  INTEGER NOT NULL REFERENCES devices(id),
  pin        TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  bio_type   INTEGER NOT NULL,
  no         INTEGER NOT NULL,
  idx        INTEGER NOT NULL,
  valid      INTEGER NOT NULL,
  duress     INTEGER NOT NULL,
  major_ver  TEXT    NOT NULL,
  minor_ver  TEXT    NOT NULL,
  format     TEXT    NOT NULL,
  size       INTEGER,           -- the declared length, when sent
  updated_at INTEGER NOT NULL,
  tmp        TEXT    NOT NULL,
  UNIQUE (device_id, pin, kind, bio_type, no, idx)
);
CREATE INDEX templates_by_device ON templates (device_id, id);

CREATE TABLE photos (
  id            INTEGER PRIMARY KEY,
  device_id     INTEGER NOT NULL REFERENCES devices(id),
  kind          TEXT    NOT NULL,
  pin           TEXT    NOT NULL,
  filename      TEXT    NOT NULL,
  bio_type      INTEGER NOT NULL,
  declared_size INTEGER,
  size          INTEGER NOT NULL,
  received_at   INTEGER NOT NULL,
  dedupe_key    TEXT,
  bytes         BLOB    NOT NULL
);
CREATE UNIQUE INDEX photos_natural_key ON photos (device_id, kind, dedupe_key);
CREATE INDEX photos_by_device ON photos (device_id, id);

CREATE TABLE errorlog (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  err_code    TEXT    NOT NULL,
  err_msg     TEXT    NOT NULL,
  data_origin TEXT    NOT NULL,
  cmd_id      TEXT    NOT NULL,
  additional  TEXT    NOT NULL,
  received_at INTEGER NOT NULL
);

CREATE TABLE generic_records (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  table_name  TEXT    NOT NULL,
  fields      TEXT    NOT NULL,   -- JSON [[key, value], ...]
  received_at INTEGER NOT NULL
);

CREATE TABLE rejected_lines (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  table_name  TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  line        BLOB    NOT NULL
);
CREATE INDEX rejected_lines_by_device ON rejected_lines (device_id);

CREATE TABLE commands (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id    INTEGER NOT NULL REFERENCES devices(id),
  command      TEXT    NOT NULL,
  status       TEXT    NOT NULL
               CHECK (status IN ('queued', 'sent', 'done', 'failed', 'expired')),
  return_code  INTEGER,
  created_at   INTEGER NOT NULL,
  sent_at      INTEGER,
  completed_at INTEGER,
  deliveries   INTEGER NOT NULL DEFAULT 0,
  reply        BLOB,
  content      BLOB
);
CREATE INDEX commands_by_device_status ON commands (device_id, status, id);
-- Start-up loads only open commands; done ones accumulate.
CREATE INDEX commands_open ON commands (id) WHERE status IN ('queued', 'sent');
)sql";

}  // namespace zkpush::store::sqlite
