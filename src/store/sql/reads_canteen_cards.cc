// Canteen reads about cards: the card with its balances, its ledger, its
// issued credits. Ledger balances are computed when read, in booking order
// (the card's own transaction number, then arrival), so a record that
// arrives late from an offline terminal takes its place and the flags of
// the entries after it are right again.

#include "store/sql/canteen_sql.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {
namespace {

constexpr std::string_view kCardColumns =
    "SELECT id, card_no, COALESCE(sys_id, ''), holder, pin, password, card_type, status, origin, created_at, "
    "updated_at FROM canteen_cards ";

Status decode_card(Statement& s, CanteenCardRow& row) {
  row.id = s.int64(0);
  row.card.card_no = s.string(1);
  row.card.sys_id = s.string(2);
  row.card.holder = s.string(3);
  row.card.pin = s.string(4);
  row.card.password = s.string(5);
  row.card.card_type = s.integer(6);
  auto status = card_status_by_name(s.text(7));
  if (!status) return corrupt_value("canteen_cards.status", s.text(7));
  row.card.status = *status;
  row.from_terminal = s.text(8) == "terminal";
  row.created_at = s.int64(9);
  row.updated_at = s.int64(10);
  return Status::success();
}

Result<int64_t> single_int(Connection& db, std::string_view sql, int64_t card_id) {
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_int(1, card_id);
  if (Result<bool> row = st->step(); !row) return row.error();
  return st->int64(0);
}

// Balances, last reported balances, pending credits and mismatches of a card.
Status fill_balances(Connection& db, CanteenCardRow& row) {
  Result<Statement> sums =
      db.prepare("SELECT wallet, CAST(SUM(amount) AS BIGINT) FROM canteen_ledger WHERE card_id = ?1 GROUP BY wallet");
  if (!sums) return sums.error();
  sums->bind_int(1, row.id);
  for (;;) {
    Result<bool> more = sums->step();
    if (!more) return more.error();
    if (!*more) break;
    (sums->text(0) == name_of(Wallet::kSub) ? row.balance_sub : row.balance_main) = sums->int64(1);
  }
  Result<Statement> reported = db.prepare(
      "SELECT reported_balance FROM canteen_ledger WHERE card_id = ?1 AND wallet = ?2 "
      "AND reported_balance IS NOT NULL ORDER BY card_seq DESC, id DESC LIMIT 1");
  if (!reported) return reported.error();
  reported->bind_int(1, row.id);
  for (Wallet wallet : {Wallet::kMain, Wallet::kSub}) {
    reported->bind_text(2, name_of(wallet));
    Result<bool> found = reported->step();
    if (!found) return found.error();
    if (*found) (wallet == Wallet::kMain ? row.reported_main : row.reported_sub) = reported->int64(0);
    reported->reset();
  }
  Result<int64_t> pending = single_int(
      db,
      "SELECT CAST(COALESCE(SUM(b.amount), 0) AS BIGINT) FROM canteen_credits c JOIN canteen_credit_batches b ON b.batch = c.batch "
      "WHERE c.card_id = ?1 AND c.collected_record_id IS NULL",
      row.id);
  if (!pending) return pending.error();
  row.pending_credit = *pending;
  Result<int64_t> mismatches = single_int(
      db,
      "SELECT COUNT(*) FROM (SELECT reported_balance, CAST(SUM(amount) OVER (PARTITION BY wallet "
      "ORDER BY card_seq, id) AS BIGINT) AS ledger_balance FROM canteen_ledger WHERE card_id = ?1) AS booked "
      "WHERE reported_balance IS NOT NULL AND reported_balance <> ledger_balance",
      row.id);
  if (!mismatches) return mismatches.error();
  row.mismatches = static_cast<int>(*mismatches);
  return Status::success();
}

}  // namespace

const std::string_view kBookedLedgerSql =
    "SELECT l.id, c.card_no, l.wallet, l.kind, l.amount, l.card_seq, "
    "CAST(SUM(l.amount) OVER (PARTITION BY l.card_id, l.wallet ORDER BY l.card_seq, l.id) AS BIGINT) AS ledger_balance, "
    "l.reported_balance, d.sn, r.family, r.rec_no, l.batch, l.created_at, r.device_id, l.card_id "
    "FROM canteen_ledger l JOIN canteen_cards c ON c.id = l.card_id "
    "LEFT JOIN canteen_records r ON r.id = l.record_id LEFT JOIN devices d ON d.id = r.device_id ";

Status decode_ledger(Statement& s, LedgerRow& row) {
  row.id = s.int64(0);
  row.card_no = s.string(1);
  if (Status st = decode_kind_and_wallet(s.text(3), s.text(2), "canteen_ledger", row.kind, row.wallet); !st) return st;
  row.amount = s.int64(4);
  row.card_seq = s.int64(5);
  row.ledger_balance = s.int64(6);
  row.reported_balance = s.opt_int64(7);
  row.sn = s.is_null(8) ? std::string() : s.string(8);
  if (!s.is_null(9)) row.family = protocol::canteen::family_by_name(s.text(9));
  row.rec_no = s.opt_int64(10);
  row.batch = s.opt_int64(11);
  row.created_at = s.int64(12);
  return Status::success();
}

Result<std::optional<CanteenCardRow>> read_canteen_card(Connection& db, const std::string& card) {
  ReadSnapshot snapshot(db);
  if (Status s = snapshot.begin(); !s) return s.error();
  Result<Statement> st =
      db.prepare(std::string(kCardColumns) + "WHERE card_no = ?1 OR sys_id = ?1 ORDER BY card_no = ?1 DESC LIMIT 1");
  if (!st) return st.error();
  st->bind_text(1, card);
  Result<std::optional<CanteenCardRow>> row = first_row<CanteenCardRow>(*st, decode_card);
  if (!row || !row->has_value()) return row;
  st->reset();
  if (Status s = fill_balances(db, **row); !s) return s.error();
  return row;
}

Result<std::vector<CanteenCardRow>> read_canteen_cards(Connection& db, const PageQuery& page) {
  if (page.limit <= 0) return std::vector<CanteenCardRow>();
  ReadSnapshot snapshot(db);
  if (Status s = snapshot.begin(); !s) return s.error();
  Result<Statement> st = db.prepare(std::string(kCardColumns) + "WHERE id > ?1 ORDER BY id LIMIT ?2");
  if (!st) return st.error();
  st->bind_int(1, page.after);
  st->bind_int(2, page.limit);
  Result<std::vector<CanteenCardRow>> rows = collect_rows<CanteenCardRow>(*st, decode_card);
  if (!rows) return rows;
  st->reset();
  for (CanteenCardRow& row : *rows)
    if (Status s = fill_balances(db, row); !s) return s.error();
  return rows;
}

Result<std::vector<LedgerRow>> read_canteen_ledger(Connection& db, const std::string& card_no,
                                                   const PageQuery& page) {
  if (page.limit <= 0) return std::vector<LedgerRow>();
  Result<Statement> st = db.prepare("SELECT * FROM (" + std::string(kBookedLedgerSql) +
                                    "WHERE c.card_no = ?1) AS booked WHERE id > ?2 ORDER BY id LIMIT ?3");
  if (!st) return st.error();
  st->bind_text(1, card_no);
  st->bind_int(2, page.after);
  st->bind_int(3, page.limit);
  return collect_rows<LedgerRow>(*st, decode_ledger);
}

Result<std::vector<CanteenCreditRow>> read_canteen_credits(Connection& db, const std::string& card_no) {
  Result<Statement> st = db.prepare(
      "SELECT b.batch, c.card_no, b.kind, b.wallet, b.amount, b.issued_at, CASE WHEN cr.collected_record_id IS NOT NULL THEN 1 ELSE 0 END "
      "FROM canteen_credits cr JOIN canteen_credit_batches b ON b.batch = cr.batch "
      "JOIN canteen_cards c ON c.id = cr.card_id WHERE c.card_no = ?1 ORDER BY b.batch");
  if (!st) return st.error();
  st->bind_text(1, card_no);
  return collect_rows<CanteenCreditRow>(*st, [](Statement& s, CanteenCreditRow& row) -> Status {
    row.batch = s.int64(0);
    row.card_no = s.string(1);
    if (Status st = decode_kind_and_wallet(s.text(2), s.text(3), "canteen_credit_batches", row.kind, row.wallet); !st)
      return st;
    row.amount = s.int64(4);
    row.issued_at = s.int64(5);
    row.collected = s.int64(6) != 0;
    return Status::success();
  });
}

}  // namespace zkpush::store::sql
