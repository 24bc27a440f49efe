// Schema version 3: canteen (consumption) terminals, spec 001. (Version 2 is
// the admin API's.)
//
// Conventions as in version 1. Money is INTEGER in the terminal's unit;
// terminal times are device-local TEXT "YYYY-MM-DD HH:MM:SS" with the
// terminal's TimeZone option beside them.
//
// canteen_terminals: the devices that spoke the canteen dialect, with what
//   their handshake said (IsConsumeFunType) and the FULLLOG field order they
//   were found to use (A-13).
// canteen_stamps: the handshake's stamp options per terminal (PosLogStamp,
//   PosLogStampId, PosBakLogStampId...), sent back as stored.
// canteen_records: BUYLOG, FULLLOG and ALLOWLOG lines (and their BAK copies),
//   one row per (terminal, family, RecNo): RecNo is the terminal's gap-free
//   serial, so the key both deduplicates resends and shows holes. The key
//   follows arrival order (RecNo grows), so inserts append.
// canteen_item_details: storedetail/keydetail lines, linked to their
//   purchase by (device_id, rec_no); they may arrive before it.
// canteen_sequences: per terminal and family, the first RecNo stored and the
//   RecNo up to which every record since the first is stored, so the hole
//   check starts there.
// canteen_gaps: holes found in a sequence, the SYNC queued for each and when
//   it was healed.
// canteen_cards: sys_id is NULL only while its row is being created (it
//   then defaults to the row id).
// canteen_ledger: append-only (the triggers refuse UPDATE and DELETE). amount
//   is the effect on the wallet (a purchase is negative); card_seq is the
//   card's own transaction number (-1 for an opening balance), which orders a
//   card's entries; reported_balance is what the card said it held after it.
// canteen_credit_batches / canteen_credits: top-ups, refunds and subsidies
//   issued by the server, delivered as SUBSIDYLOG; collected_record_id is the
//   ALLOWLOG record that reported the card took it.
// canteen_master: STOREINFO, PRESSKEY, MEALTYPE, TIMESEG, FIXED and CARDTYPE
//   rows, each as the UPDATE fields (JSON pairs, json_columns.h).

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration003Canteen = R"sql(
CREATE TABLE canteen_terminals (
  device_id     INTEGER PRIMARY KEY REFERENCES devices(id),
  fun_type      INTEGER NOT NULL DEFAULT 0,
  fulllog_order TEXT    NOT NULL DEFAULT 'unknown'
                CHECK (fulllog_order IN ('unknown', 'recno_opid', 'opid_recno')),
  first_seen    INTEGER NOT NULL
);

CREATE TABLE canteen_stamps (
  device_id INTEGER NOT NULL REFERENCES devices(id),
  name      TEXT    NOT NULL,
  value     TEXT    NOT NULL,
  PRIMARY KEY (device_id, name)
) WITHOUT ROWID;

CREATE TABLE canteen_cards (
  id         INTEGER PRIMARY KEY,
  card_no    TEXT    NOT NULL UNIQUE,
  sys_id     TEXT    UNIQUE,
  holder     TEXT    NOT NULL DEFAULT '',
  pin        TEXT    NOT NULL DEFAULT '',
  password   TEXT    NOT NULL DEFAULT '',
  card_type  INTEGER NOT NULL DEFAULT 0,
  status     TEXT    NOT NULL CHECK (status IN ('active', 'lost', 'blacklisted')),
  origin     TEXT    NOT NULL CHECK (origin IN ('api', 'terminal')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE canteen_records (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  family      TEXT    NOT NULL CHECK (family IN ('pos', 'full', 'allow')),
  rec_no      INTEGER NOT NULL,
  backup      INTEGER NOT NULL,
  card_id     INTEGER NOT NULL REFERENCES canteen_cards(id),
  sys_id      TEXT    NOT NULL,
  card_no     TEXT    NOT NULL,
  card_seq    INTEGER NOT NULL,
  time        TEXT    NOT NULL,
  time_zone   TEXT    NOT NULL,
  money       INTEGER NOT NULL,
  balance     INTEGER NOT NULL,
  kind        INTEGER NOT NULL,
  op_id       TEXT    NOT NULL,
  meal_type   INTEGER NOT NULL,
  meal_date   TEXT    NOT NULL,
  sub_money   INTEGER,
  sub_balance INTEGER,
  user_pin    TEXT,
  batch       INTEGER NOT NULL,
  base_batch  INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX canteen_records_sequence ON canteen_records (device_id, family, rec_no);
CREATE INDEX canteen_records_by_time ON canteen_records (family, time);

CREATE TABLE canteen_item_details (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices(id),
  rec_no      INTEGER NOT NULL,
  kind        TEXT    NOT NULL CHECK (kind IN ('product', 'key')),
  item        TEXT    NOT NULL,
  price       INTEGER NOT NULL,
  rec_sum     TEXT    NOT NULL,
  occurrence  INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (device_id, rec_no, kind, item, price, rec_sum, occurrence)
);

CREATE TABLE canteen_sequences (
  device_id          INTEGER NOT NULL REFERENCES devices(id),
  family             TEXT    NOT NULL,
  first_rec_no       INTEGER NOT NULL,
  contiguous_through INTEGER NOT NULL,
  PRIMARY KEY (device_id, family)
) WITHOUT ROWID;

CREATE TABLE canteen_gaps (
  id                INTEGER PRIMARY KEY,
  device_id         INTEGER NOT NULL REFERENCES devices(id),
  family            TEXT    NOT NULL,
  first_rec_no      INTEGER NOT NULL,
  last_rec_no       INTEGER NOT NULL,
  source            TEXT    NOT NULL CHECK (source IN ('upload', 'poll')),
  detected_at       INTEGER NOT NULL,
  sync_requested_at INTEGER,
  sync_command      TEXT,
  healed_at         INTEGER
);
CREATE INDEX canteen_gaps_open ON canteen_gaps (device_id, family) WHERE healed_at IS NULL;

CREATE TABLE canteen_credit_batches (
  batch     INTEGER PRIMARY KEY AUTOINCREMENT,
  kind      TEXT    NOT NULL CHECK (kind IN ('topup', 'refund', 'subsidy')),
  wallet    TEXT    NOT NULL CHECK (wallet IN ('main', 'sub')),
  amount    INTEGER NOT NULL,
  note      TEXT    NOT NULL,
  issued_at INTEGER NOT NULL
);

CREATE TABLE canteen_credits (
  id                  INTEGER PRIMARY KEY,
  batch               INTEGER NOT NULL REFERENCES canteen_credit_batches(batch),
  card_id             INTEGER NOT NULL REFERENCES canteen_cards(id),
  collected_record_id INTEGER REFERENCES canteen_records(id),
  UNIQUE (batch, card_id)
);
CREATE INDEX canteen_credits_by_card ON canteen_credits (card_id);

CREATE TABLE canteen_ledger (
  id               INTEGER PRIMARY KEY,
  card_id          INTEGER NOT NULL REFERENCES canteen_cards(id),
  wallet           TEXT    NOT NULL CHECK (wallet IN ('main', 'sub')),
  kind             TEXT    NOT NULL
                   CHECK (kind IN ('opening', 'purchase', 'topup', 'refund', 'discount', 'subsidy')),
  amount           INTEGER NOT NULL,
  card_seq         INTEGER NOT NULL,
  reported_balance INTEGER,
  record_id        INTEGER REFERENCES canteen_records(id),
  batch            INTEGER REFERENCES canteen_credit_batches(batch),
  created_at       INTEGER NOT NULL
);
CREATE INDEX canteen_ledger_by_card ON canteen_ledger (card_id, wallet, card_seq, id);
CREATE TRIGGER canteen_ledger_no_update BEFORE UPDATE ON canteen_ledger
BEGIN SELECT RAISE(ABORT, 'canteen_ledger entries are immutable'); END;
CREATE TRIGGER canteen_ledger_no_delete BEFORE DELETE ON canteen_ledger
BEGIN SELECT RAISE(ABORT, 'canteen_ledger entries are immutable'); END;

CREATE TABLE canteen_master (
  table_name TEXT    NOT NULL,
  row_key    TEXT    NOT NULL,
  fields     TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (table_name, row_key)
) WITHOUT ROWID;
)sql";

}  // namespace zkpush::store::sqlite
