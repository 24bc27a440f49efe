// Schema version 7, for the console: its people (store/account_records.h):
// accounts, sessions, failed sign-ins, setup codes, and who made an audited
// change when it was a person rather than a token; and punches counted per
// hour of arrival. The same tables exist on PostgreSQL
// (store/postgres/pg_migration_007_accounts.cc).

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration007Accounts = R"sql(
CREATE TABLE accounts (
  id                  INTEGER PRIMARY KEY,
  name                TEXT    NOT NULL UNIQUE,
  role                TEXT    NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  password_hash       TEXT    NOT NULL,  -- "$argon2id$..." (libsodium crypto_pwhash_str)
  created_at          INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL,
  disabled_at         INTEGER
);

-- A session's cookie holds a random token; only its SHA-256 (hex) is kept.
CREATE TABLE account_sessions (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts (id),
  token_hash  TEXT    NOT NULL UNIQUE,
  csrf_token  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER,
  address     TEXT    NOT NULL,
  user_agent  TEXT    NOT NULL
);
CREATE INDEX account_sessions_by_account ON account_sessions (account_id);
CREATE INDEX account_sessions_by_expiry ON account_sessions (expires_at);

-- The sign-in throttle counts these per account name and per address.
CREATE TABLE sign_in_failures (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  account  TEXT    NOT NULL,
  address  TEXT    NOT NULL
);
CREATE INDEX sign_in_failures_by_account ON sign_in_failures (account, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);

-- One-time codes for creating the first administrator (SHA-256, hex).
CREATE TABLE setup_codes (
  code_hash   TEXT    NOT NULL PRIMARY KEY,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE audit_log ADD COLUMN account_id INTEGER;

-- Punches stored per hour of arrival, kept by every attendance insert: the
-- console's overview counts a day from 24 rows, not from the punches.
-- The console lists failed and expired commands across terminals: few among
-- many done ones.
CREATE INDEX commands_failed ON commands (id) WHERE status = 'failed';
CREATE INDEX commands_expired ON commands (id) WHERE status = 'expired';

-- When each terminal last sent punches, and how far its clock was off
-- (seconds, its time minus the server's), for the console's attention list.
ALTER TABLE devices ADD COLUMN last_data_at INTEGER;
ALTER TABLE devices ADD COLUMN clock_skew_s INTEGER;

CREATE TABLE attendance_hours (
  hour     INTEGER NOT NULL PRIMARY KEY,  -- Unix ms of the hour's start (UTC)
  punches  INTEGER NOT NULL
);
INSERT INTO attendance_hours (hour, punches)
  SELECT received_at / 3600000 * 3600000, count(*) FROM attendance GROUP BY 1;
)sql";

}  // namespace zkpush::store::sqlite
