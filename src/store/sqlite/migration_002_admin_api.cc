// Schema version 2: the admin API (issue 4).
//
// api_tokens: a token is shown once; only its SHA-256 (hex) is kept. `prefix`
//   (the first characters) lets an administrator recognise it in a list.
// audit_log: every write through the API: who (the token's name), what
//   (method, path, the body with secrets masked), when, and the status.
// server_settings: handshake options for every terminal without its own
//   setting, overriding the built-in defaults (service/config.h).
// devices.name / devices.group_id: an operator's label and its device group.
// device_groups: `propagate_enrolments`: a person enrolled at one terminal of
//   the group is assigned to the group, so the others get them too.
// persons: the server's own people, the source of truth for what terminals
//   hold. `revision` grows on every change; device_person_sync remembers which
//   revision of which person each terminal was last sent, and for which of its
//   capabilities (`formats`), so the sync engine queues only what changed —
//   or everything again once the terminal reports new capabilities — and a
//   DATA DELETE for what is no longer assigned (those rows outlive the
//   person, hence no foreign key there).
// person_biometrics: one row per (person, kind, bio_type, no, idx): templates
//   as base64 text in the protocol's own encoding, photos as base64 too.
//   `algorithm` is the template's algorithm major version ("10" for ZKFinger
//   10, "12" for BIODATA MajorVer=12...), so a template is only ever sent to
//   a terminal that reports that version.
// person_assignments: a person on a device group or on one device.
// events: the outbox for every event but attendance.created and
//   attendance.photo, whose own rows (attendance, photos: id in arrival
//   order) are their outbox, so ingest writes nothing twice. Written in the
//   same transaction as the change it reports.
// webhooks: cursor_* are the last row of each event source the webhook has
//   dealt with (delivered, or given up after its attempts); a new webhook
//   starts at the current end, not at the beginning of history.
// webhook_deliveries: one row per (webhook, event) attempted: the delivery log.
#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration002AdminApi = R"sql(
CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  scope       TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  token_hash  TEXT NOT NULL UNIQUE,
  prefix      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  token_id    INTEGER,
  token_name  TEXT NOT NULL,
  method      TEXT NOT NULL,
  path        TEXT NOT NULL,
  status      INTEGER NOT NULL,
  detail      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE server_settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE device_groups (
  id                    INTEGER PRIMARY KEY,
  name                  TEXT NOT NULL UNIQUE,
  propagate_enrolments  INTEGER NOT NULL DEFAULT 1,
  created_at            INTEGER NOT NULL
);

ALTER TABLE devices ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN group_id INTEGER REFERENCES device_groups(id) ON DELETE SET NULL;

CREATE TABLE persons (
  id           INTEGER PRIMARY KEY,
  pin          TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL DEFAULT '',
  privilege    INTEGER NOT NULL DEFAULT 0,
  password     TEXT NOT NULL DEFAULT '',
  card         TEXT NOT NULL DEFAULT '',
  vice_card    TEXT NOT NULL DEFAULT '',
  access_group TEXT NOT NULL DEFAULT '',
  time_zones   TEXT NOT NULL DEFAULT '',
  verify_mode  INTEGER,
  valid_from   TEXT NOT NULL DEFAULT '',
  valid_to     TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  gender       TEXT NOT NULL DEFAULT '',
  id_number    TEXT NOT NULL DEFAULT '',
  revision     INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  updated_by   TEXT NOT NULL
);

CREATE TABLE person_biometrics (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  bio_type    INTEGER NOT NULL DEFAULT 0,
  no          INTEGER NOT NULL DEFAULT 0,
  idx         INTEGER NOT NULL DEFAULT 0,
  valid       INTEGER NOT NULL DEFAULT 1,
  duress      INTEGER NOT NULL DEFAULT 0,
  algorithm   TEXT NOT NULL DEFAULT '',
  minor_ver   TEXT NOT NULL DEFAULT '',
  format      TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  data        TEXT NOT NULL,
  UNIQUE (person_id, kind, bio_type, no, idx)
);

CREATE TABLE person_assignments (
  person_id  INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  group_id   INTEGER REFERENCES device_groups(id) ON DELETE CASCADE,
  device_id  INTEGER REFERENCES devices(id) ON DELETE CASCADE,
  CHECK ((group_id IS NULL) != (device_id IS NULL))
);
CREATE UNIQUE INDEX person_assignments_group ON person_assignments (group_id, person_id) WHERE group_id IS NOT NULL;
CREATE UNIQUE INDEX person_assignments_device ON person_assignments (device_id, person_id) WHERE device_id IS NOT NULL;
CREATE INDEX person_assignments_person ON person_assignments (person_id);

CREATE TABLE device_person_sync (
  device_id  INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  person_id  INTEGER NOT NULL,
  pin        TEXT NOT NULL,
  revision   INTEGER NOT NULL,
  formats    TEXT NOT NULL,
  PRIMARY KEY (device_id, person_id)
) WITHOUT ROWID;

CREATE TABLE events (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,
  at       INTEGER NOT NULL,
  payload  TEXT NOT NULL
);

CREATE TABLE webhooks (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  url                TEXT NOT NULL,
  kinds              TEXT NOT NULL,
  secret             TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  cursor_attendance  INTEGER NOT NULL,
  cursor_photo       INTEGER NOT NULL,
  cursor_event       INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  id                INTEGER PRIMARY KEY,
  webhook_id        INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id          TEXT NOT NULL,
  event_kind        TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('failing', 'delivered', 'given_up')),
  attempts          INTEGER NOT NULL,
  last_http_status  INTEGER,
  last_error        TEXT NOT NULL DEFAULT '',
  first_attempt_at  INTEGER NOT NULL,
  last_attempt_at   INTEGER NOT NULL,
  delivered_at      INTEGER,
  UNIQUE (webhook_id, event_id)
);
)sql";

}  // namespace zkpush::store::sqlite
