#include "store/sql/canteen_sql.h"

namespace zkpush::store::sql {

Status append_ledger(Connection& db, const LedgerEntry& e) {
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_ledger (card_id, wallet, kind, amount, card_seq, reported_balance, record_id, batch, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!st) return st.error();
  st->bind_int(1, e.card_id);
  st->bind_text(2, name_of(e.effect.wallet));
  st->bind_text(3, name_of(e.effect.kind));
  st->bind_int(4, e.effect.amount);
  st->bind_int(5, e.card_seq);
  st->bind_int(6, e.effect.reported_balance);
  st->bind_int(7, e.record_id);
  st->bind_int(8, e.batch);
  st->bind_int(9, e.now);
  return st->run();
}

namespace {

Result<std::optional<int64_t>> card_id_where(Connection& db, std::string_view sql, const std::string& value) {
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_text(1, value);
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row ? std::optional<int64_t>(st->int64(0)) : std::nullopt;
}

}  // namespace

Result<int64_t> card_for_record(Connection& db, const std::string& card_no, const std::string& sys_id, TimeMs now) {
  auto by_number = card_id_where(db, "SELECT id FROM canteen_cards WHERE card_no = ?1", card_no);
  if (!by_number) return by_number.error();
  if (*by_number) return **by_number;
  if (!sys_id.empty()) {
    auto by_sys_id = card_id_where(db, "SELECT id FROM canteen_cards WHERE sys_id = ?1", sys_id);
    if (!by_sys_id) return by_sys_id.error();
    if (*by_sys_id) return **by_sys_id;
  }
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_cards (card_no, sys_id, status, origin, created_at, updated_at) "
      "VALUES (?1, ?2, 'active', 'terminal', ?3, ?3) RETURNING id");
  if (!st) return st.error();
  st->bind_text(1, card_no);
  if (sys_id.empty()) st->bind_null(2);
  else st->bind_text(2, sys_id);
  st->bind_int(3, now);
  Result<int64_t> id = st->run_returning_id();
  if (!id) return id.error();
  if (Status s = assign_sys_id(db, *id); !s) return s.error();
  return *id;
}

Status assign_sys_id(Connection& db, int64_t card_id) {
  Result<Statement> st = db.prepare(
      "UPDATE canteen_cards SET sys_id = (SELECT CAST(COALESCE(MAX(" ZKPUSH_DIGITS_AS_NUMBER("sys_id", "NULL") "), 0) + 1 AS TEXT) "
      "FROM canteen_cards) WHERE id = ?1 AND sys_id IS NULL");
  if (!st) return st.error();
  st->bind_int(1, card_id);
  return st->run();
}

Status decode_kind_and_wallet(std::string_view kind, std::string_view wallet, std::string_view table,
                              LedgerKind& kind_out, Wallet& wallet_out) {
  auto k = ledger_kind_by_name(kind);
  auto w = wallet_by_name(wallet);
  if (!k) return corrupt_value(std::string(table) + ".kind", kind);
  if (!w) return corrupt_value(std::string(table) + ".wallet", wallet);
  kind_out = *k;
  wallet_out = *w;
  return Status::success();
}

std::string_view item_kind_text(protocol::canteen::ItemDetail::Kind kind) {
  return kind == protocol::canteen::ItemDetail::Kind::kProduct ? "product" : "key";
}

std::optional<protocol::canteen::ItemDetail::Kind> item_kind_from_text(std::string_view text) {
  if (text == "product") return protocol::canteen::ItemDetail::Kind::kProduct;
  if (text == "key") return protocol::canteen::ItemDetail::Kind::kKey;
  return std::nullopt;
}

}  // namespace zkpush::store::sql
