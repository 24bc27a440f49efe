// SQL helpers shared by the canteen writes and reads (apply_canteen_*.cc,
// reads_canteen*.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "store/sql/connection.h"
#include "store/sql/read_rows.h"
#include "store/store.h"

// A text column as a number when it is all digits (at most 18, so it fits
// a BIGINT), else `other`: SysIDs and master row keys are usually numbers
// and sort as numbers, but a terminal may send 'A17', which PostgreSQL's
// CAST refuses and SQLite's reads as 0. A macro, so SQL stays one literal.
#define ZKPUSH_DIGITS_AS_NUMBER(column, other)                                                 \
  "CASE WHEN " column " <> '' AND trim(" column ", '0123456789') = '' AND length(" column ") <= 18 " \
  "THEN CAST(" column " AS BIGINT) ELSE " other " END"

namespace zkpush::store::sql {

// One ledger entry; the ledger is append-only (its triggers refuse changes).
struct LedgerEntry {
  int64_t card_id = 0;
  LedgerEffect effect;
  int64_t card_seq = 0;
  std::optional<int64_t> record_id, batch;
  TimeMs now = 0;
};
Status append_ledger(Connection& db, const LedgerEntry& entry);

// The card a terminal record names: by card number, else by SysID, else a
// new active card first seen at a terminal.
Result<int64_t> card_for_record(Connection& db, const std::string& card_no, const std::string& sys_id, TimeMs now);

// Gives a card without SysID the next free numeric one.
Status assign_sys_id(Connection& db, int64_t card_id);

// Ledger rows with their running balance per card and wallet in booking
// order (ledger_balance); columns as decode_ledger reads them, then
// device_id and card_id. Append a WHERE on l./c./r. columns, or wrap it.
extern const std::string_view kBookedLedgerSql;
Status decode_ledger(Statement& s, LedgerRow& row);

// A ledger kind and wallet as stored; an error naming `table` for another word.
Status decode_kind_and_wallet(std::string_view kind, std::string_view wallet, std::string_view table,
                              LedgerKind& kind_out, Wallet& wallet_out);

std::string_view item_kind_text(protocol::canteen::ItemDetail::Kind kind);  // "product" / "key"
std::optional<protocol::canteen::ItemDetail::Kind> item_kind_from_text(std::string_view text);

}  // namespace zkpush::store::sql
