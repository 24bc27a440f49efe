// Canteen reads about terminals and what they sent: the start-up view of
// the terminals, purchases with their items, day totals, reconciliation and
// master data.

#include "store/sql/canteen_sql.h"
#include "store/sql/json_columns.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {
namespace {

using protocol::canteen::ItemDetail;
using protocol::canteen::kFamilies;

Status fill_stamps_and_sequences(Connection& db, CanteenTerminalRow& row) {
  Result<Statement> stamps = db.prepare("SELECT name, value FROM canteen_stamps WHERE device_id = ?1");
  if (!stamps) return stamps.error();
  stamps->bind_int(1, row.device_id);
  for (;;) {
    Result<bool> more = stamps->step();
    if (!more) return more.error();
    if (!*more) break;
    row.stamps[stamps->string(0)] = stamps->string(1);
  }
  // MAX over the (device_id, family, rec_no) index: one seek per family.
  Result<Statement> highest =
      db.prepare("SELECT MAX(rec_no) FROM canteen_records WHERE device_id = ?1 AND family = ?2");
  if (!highest) return highest.error();
  highest->bind_int(1, row.device_id);
  for (const auto& f : kFamilies) {
    highest->bind_text(2, f.name);
    if (Result<bool> r = highest->step(); !r) return r.error();
    if (!highest->is_null(0)) row.highest_rec_no[f.family] = highest->int64(0);
    highest->reset();
  }
  return Status::success();
}

Status decode_purchase(Statement& s, PurchaseRow& row) {
  row.id = s.int64(0);
  row.sn = s.string(1);
  auto& t = row.record;
  t.family = Family::kPos;
  t.rec_no = s.int64(2);
  t.sys_id = s.string(3);
  t.card_no = s.string(4);
  t.card_seq = s.int64(5);
  t.time = s.string(6);
  row.time_zone = s.string(7);
  t.money = s.int64(8);
  t.balance = s.int64(9);
  t.kind = s.integer(10);
  t.op_id = s.string(11);
  t.meal_type = s.integer(12);
  t.meal_date = s.string(13);
  if (!s.is_null(14)) t.sub = protocol::canteen::SubWallet{s.int64(14), s.int64(15), s.string(16)};
  row.backup = s.int64(17) != 0;
  row.received_at = s.int64(18);
  return Status::success();
}

Status fill_items(Connection& db, DeviceId device, PurchaseRow& row) {
  Result<Statement> st = db.prepare(
      "SELECT kind, item, price, rec_sum FROM canteen_item_details WHERE device_id = ?1 AND rec_no = ?2 ORDER BY id");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_int(2, row.record.rec_no);
  auto items = collect_rows<ItemDetail>(*st, [&row](Statement& s, ItemDetail& d) -> Status {
    auto kind = item_kind_from_text(s.text(0));
    if (!kind) return corrupt_value("canteen_item_details.kind", s.text(0));
    d = ItemDetail{*kind, row.record.rec_no, s.string(1), s.int64(2), s.string(3)};
    return Status::success();
  });
  if (!items) return items.error();
  row.items = std::move(*items);
  return Status::success();
}

Result<std::vector<CanteenGapRow>> read_gaps(Connection& db, DeviceId device) {
  Result<Statement> st = db.prepare(
      "SELECT g.id, g.family, g.first_rec_no, g.last_rec_no, g.source, g.detected_at, g.sync_command, g.healed_at, "
      "(g.last_rec_no - g.first_rec_no + 1) - (SELECT COUNT(*) FROM canteen_records r WHERE r.device_id = "
      "g.device_id AND r.family = g.family AND r.rec_no BETWEEN g.first_rec_no AND g.last_rec_no) "
      "FROM canteen_gaps g WHERE g.device_id = ?1 ORDER BY g.id");
  if (!st) return st.error();
  st->bind_int(1, device);
  return collect_rows<CanteenGapRow>(*st, [](Statement& s, CanteenGapRow& g) -> Status {
    auto family = protocol::canteen::family_by_name(s.text(1));
    if (!family) return corrupt_value("canteen_gaps.family", s.text(1));
    g.id = s.int64(0);
    g.family = *family;
    g.first_rec_no = s.int64(2);
    g.last_rec_no = s.int64(3);
    g.source = s.string(4);
    g.detected_at = s.int64(5);
    g.sync_command = s.opt_string(6);
    g.healed_at = s.opt_int64(7);
    g.still_missing = s.int64(8);
    return Status::success();
  });
}

Status fill_reconciliation(Connection& db, DeviceId device, ReconciliationRow& row) {
  Result<Statement> families = db.prepare(
      "SELECT family, COUNT(*), MIN(rec_no), MAX(rec_no), CAST(SUM(money) AS BIGINT) FROM canteen_records WHERE device_id = ?1 "
      "GROUP BY family ORDER BY family");
  if (!families) return families.error();
  families->bind_int(1, device);
  auto counts = collect_rows<CanteenFamilyCount>(*families, [](Statement& s, CanteenFamilyCount& c) -> Status {
    auto family = protocol::canteen::family_by_name(s.text(0));
    if (!family) return corrupt_value("canteen_records.family", s.text(0));
    c = CanteenFamilyCount{*family, s.int64(1), s.opt_int64(2), s.opt_int64(3), s.int64(4)};
    return Status::success();
  });
  if (!counts) return counts.error();
  row.families = std::move(*counts);
  Result<Statement> rejected = db.prepare("SELECT COUNT(*) FROM rejected_lines WHERE device_id = ?1");
  if (!rejected) return rejected.error();
  rejected->bind_int(1, device);
  if (Result<bool> r = rejected->step(); !r) return r.error();
  row.rejected_lines = rejected->int64(0);
  rejected->reset();
  auto gaps = read_gaps(db, device);
  if (!gaps) return gaps.error();
  row.gaps = std::move(*gaps);
  return Status::success();
}

// Ledger entries whose balance the terminal reported differently, of one
// device or of all. The running balance is computed over the whole ledger
// either way, so every terminal's report reads it once, not once per
// terminal (100 canteen terminals: 0.8 s -> one pass).
Result<std::vector<LedgerRow>> read_mismatches(Connection& db, std::optional<DeviceId> device) {
  Result<Statement> st = db.prepare("SELECT * FROM (" + std::string(kBookedLedgerSql) +
                                    ") AS booked WHERE (CAST(?1 AS BIGINT) IS NULL OR device_id = ?1) "
                                    "AND reported_balance IS NOT NULL AND reported_balance <> ledger_balance ORDER BY id");
  if (!st) return st.error();
  st->bind_int(1, device);
  return collect_rows<LedgerRow>(*st, decode_ledger);
}

}  // namespace

Result<std::vector<CanteenTerminalRow>> read_canteen_terminals(Connection& db) {
  ReadSnapshot snapshot(db);
  if (Status s = snapshot.begin(); !s) return s.error();
  Result<Statement> st = db.prepare(
      "SELECT t.device_id, d.sn, t.fun_type, t.fulllog_order FROM canteen_terminals t "
      "JOIN devices d ON d.id = t.device_id ORDER BY t.device_id");
  if (!st) return st.error();
  auto rows = collect_rows<CanteenTerminalRow>(*st, [](Statement& s, CanteenTerminalRow& row) -> Status {
    row.device_id = s.int64(0);
    row.sn = s.string(1);
    row.fun_type = s.integer(2);
    auto order = fulllog_order_by_name(s.text(3));
    if (!order) return corrupt_value("canteen_terminals.fulllog_order", s.text(3));
    row.fulllog_order = *order;
    return Status::success();
  });
  if (!rows) return rows;
  st->reset();
  for (auto& row : *rows)
    if (Status s = fill_stamps_and_sequences(db, row); !s) return s.error();
  return rows;
}

Result<std::vector<PurchaseRow>> read_canteen_purchases(Connection& db, const PurchaseQuery& q) {
  if (q.limit <= 0) return std::vector<PurchaseRow>();
  ReadSnapshot snapshot(db);
  if (Status s = snapshot.begin(); !s) return s.error();
  Result<Statement> st = db.prepare(
      "SELECT r.id, d.sn, r.rec_no, r.sys_id, r.card_no, r.card_seq, r.time, r.time_zone, r.money, r.balance, "
      "r.kind, r.op_id, r.meal_type, r.meal_date, r.sub_money, r.sub_balance, r.user_pin, r.backup, r.received_at, "
      "r.device_id FROM canteen_records r JOIN devices d ON d.id = r.device_id "
      "WHERE r.family = 'pos' AND r.id > ?1 AND (CAST(?2 AS TEXT) IS NULL OR d.sn = ?2) AND (CAST(?3 AS TEXT) IS NULL OR r.card_no = ?3) "
      "AND (CAST(?4 AS TEXT) IS NULL OR r.time >= ?4) AND (CAST(?5 AS TEXT) IS NULL OR r.time <= ?5) ORDER BY r.id LIMIT ?6");
  if (!st) return st.error();
  st->bind_int(1, q.after);
  st->bind_opt_text(2, q.sn);
  st->bind_opt_text(3, q.card_no);
  st->bind_opt_text(4, q.from);
  st->bind_opt_text(5, q.to);
  st->bind_int(6, q.limit);
  std::vector<DeviceId> devices;
  auto rows = collect_rows<PurchaseRow>(*st, [&devices](Statement& s, PurchaseRow& row) {
    devices.push_back(s.int64(19));
    return decode_purchase(s, row);
  });
  if (!rows) return rows;
  st->reset();
  for (std::size_t i = 0; i < rows->size(); ++i)
    if (Status s = fill_items(db, devices[i], (*rows)[i]); !s) return s.error();
  return rows;
}

Result<std::vector<DayTotalRow>> read_canteen_day_totals(Connection& db, const std::string& date) {
  Result<Statement> st = db.prepare(
      "SELECT d.sn, r.meal_type, COUNT(*), CAST(SUM(r.money) AS BIGINT), CAST(COALESCE(SUM(r.sub_money), 0) AS BIGINT) "
      "FROM canteen_records r JOIN devices d ON d.id = r.device_id "
      "WHERE r.family = 'pos' AND r.time BETWEEN ?1 || ' 00:00:00' AND ?1 || ' 23:59:59' "
      "GROUP BY d.sn, r.meal_type ORDER BY d.sn, r.meal_type");
  if (!st) return st.error();
  st->bind_text(1, date);
  return collect_rows<DayTotalRow>(*st, [](Statement& s, DayTotalRow& row) {
    row = DayTotalRow{s.string(0), s.integer(1), s.int64(2), s.int64(3), s.int64(4)};
    return Status::success();
  });
}

Result<std::vector<ReconciliationRow>> read_canteen_reconciliation(Connection& db, std::optional<DeviceId> device) {
  ReadSnapshot snapshot(db);
  if (Status s = snapshot.begin(); !s) return s.error();
  Result<Statement> st = db.prepare(
      "SELECT t.device_id, d.sn FROM canteen_terminals t JOIN devices d ON d.id = t.device_id "
      "WHERE CAST(?1 AS BIGINT) IS NULL OR t.device_id = ?1 ORDER BY d.sn");
  if (!st) return st.error();
  st->bind_int(1, device);
  std::vector<DeviceId> ids;
  auto rows = collect_rows<ReconciliationRow>(*st, [&ids](Statement& s, ReconciliationRow& row) {
    ids.push_back(s.int64(0));
    row.sn = s.string(1);
    return Status::success();
  });
  if (!rows) return rows;
  st->reset();
  auto mismatches = read_mismatches(db, device);
  if (!mismatches) return mismatches.error();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    if (Status s = fill_reconciliation(db, ids[i], (*rows)[i]); !s) return s.error();
    for (const LedgerRow& m : *mismatches)
      if (m.sn == (*rows)[i].sn) (*rows)[i].mismatches.push_back(m);
  }
  return rows;
}

Result<std::vector<CanteenMasterRow>> read_canteen_master(Connection& db, const std::string& table) {
  Result<Statement> st = db.prepare(
      "SELECT table_name, row_key, fields, updated_at FROM canteen_master WHERE ?1 = '' OR table_name = ?1 "
      "ORDER BY table_name, " ZKPUSH_DIGITS_AS_NUMBER("row_key", "0") ", row_key");
  if (!st) return st.error();
  st->bind_text(1, table);
  return collect_rows<CanteenMasterRow>(*st, [](Statement& s, CanteenMasterRow& row) -> Status {
    row.table = s.string(0);
    row.key = s.string(1);
    if (!decode_fields(s.text(2), row.fields)) return corrupt_value("canteen_master.fields", s.text(2));
    row.updated_at = s.int64(3);
    return Status::success();
  });
}

}  // namespace zkpush::store::sql
