// Writes of what canteen terminals upload: their records with the ledger
// entries they book, item details, and the bookkeeping of RecNo sequences
// (holes, gaps, their healing). See StoreCanteenRecords in canteen_records.h
// for the contract.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "store/sql/apply_ops.h"
#include "store/sql/canteen_sql.h"

namespace zkpush::store::sql {
namespace {

using protocol::canteen::Transaction;

struct Range {
  int64_t first = 0, last = 0;
};

// The stored record with the same (device, family, RecNo), if any.
struct StoredRecNo {
  bool found = false;
  bool same = false;  // same card, time, amount, balance and card transaction number
};

Result<StoredRecNo> existing_record(Connection& db, DeviceId device, std::string_view family, const Transaction& t) {
  Result<Statement> st = db.prepare(
      "SELECT card_no, time, money, balance, card_seq FROM canteen_records "
      "WHERE device_id = ?1 AND family = ?2 AND rec_no = ?3");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, family);
  st->bind_int(3, t.rec_no);
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return StoredRecNo{};
  return StoredRecNo{true, st->text(0) == t.card_no && st->text(1) == t.time && st->int64(2) == t.money &&
                            st->int64(3) == t.balance && st->int64(4) == t.card_seq};
}

Status keep_rejected(Connection& db, const StoreCanteenRecords& op, const CanteenTransaction& tx) {
  Result<Statement> st = db.prepare(
      "INSERT INTO rejected_lines (device_id, table_name, reason, received_at, line) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return st.error();
  const std::string reason =
      "RecNo " + std::to_string(tx.record.rec_no) + " is already stored with other content; not booked";
  st->bind_int(1, op.device);
  st->bind_text(2, op.table);
  st->bind_text(3, reason);
  st->bind_int(4, op.received_at);
  st->bind_blob(5, tx.record.line);
  return st->run();
}

Result<int64_t> insert_record(Connection& db, const StoreCanteenRecords& op, std::string_view family, int64_t card_id,
                              const Transaction& t) {
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_records (device_id, family, rec_no, backup, card_id, sys_id, card_no, card_seq, time, "
      "time_zone, money, balance, kind, op_id, meal_type, meal_date, sub_money, sub_balance, user_pin, batch, "
      "base_batch, received_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) "
      "RETURNING id");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_text(2, family);
  st->bind_int(3, t.rec_no);
  st->bind_int(4, op.backup ? 1 : 0);
  st->bind_int(5, card_id);
  st->bind_text(6, t.sys_id);
  st->bind_text(7, t.card_no);
  st->bind_int(8, t.card_seq);
  st->bind_text(9, t.time);
  st->bind_text(10, op.time_zone);
  st->bind_int(11, t.money);
  st->bind_int(12, t.balance);
  st->bind_int(13, t.kind);
  st->bind_text(14, t.op_id);
  st->bind_int(15, t.meal_type);
  st->bind_text(16, t.meal_date);
  if (t.sub) {
    st->bind_int(17, t.sub->money);
    st->bind_int(18, t.sub->balance);
    st->bind_text(19, t.sub->user_pin);
  } else {
    st->bind_null(17);
    st->bind_null(18);
    st->bind_null(19);
  }
  st->bind_int(20, t.batch);
  st->bind_int(21, t.base_batch);
  st->bind_int(22, op.received_at);
  return st->run_returning_id();
}

// An ALLOWLOG record collects the uncollected credit of its batch for its
// card: the credit decides the kind and wallet of the booking.
Status collect_credit(Connection& db, int64_t card_id, int64_t record_id, CanteenTransaction& tx,
                      std::optional<int64_t>& batch) {
  Result<Statement> st = db.prepare(
      "SELECT c.id, b.kind, b.wallet FROM canteen_credits c JOIN canteen_credit_batches b ON b.batch = c.batch "
      "WHERE c.card_id = ?1 AND c.batch = ?2 AND c.collected_record_id IS NULL");
  if (!st) return st.error();
  st->bind_int(1, card_id);
  st->bind_int(2, tx.record.batch);
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return Status::success();
  const int64_t credit_id = st->int64(0);
  LedgerKind kind = LedgerKind::kSubsidy;
  Wallet wallet = Wallet::kMain;
  if (Status s = decode_kind_and_wallet(st->text(1), st->text(2), "canteen_credit_batches", kind, wallet); !s) return s;
  st->reset();
  for (LedgerEffect& e : tx.effects) {
    e.kind = kind;
    e.wallet = wallet;
  }
  batch = tx.record.batch;
  Result<Statement> mark = db.prepare("UPDATE canteen_credits SET collected_record_id = ?2 WHERE id = ?1");
  if (!mark) return mark.error();
  mark->bind_int(1, credit_id);
  mark->bind_int(2, record_id);
  return mark->run();
}

Status book(Connection& db, int64_t card_id, int64_t record_id, const CanteenTransaction& tx,
            std::optional<int64_t> batch, TimeMs now) {
  for (const LedgerEffect& e : tx.effects) {
    LedgerEntry entry{card_id, e, tx.record.card_seq, record_id, batch, now};
    if (Status s = append_ledger(db, entry); !s) return s;
  }
  return Status::success();
}

// ---- RecNo sequences -------------------------------------------------------

struct OpenGap {
  int64_t id;
  Range range;
  bool sync_requested;
};

Result<std::vector<OpenGap>> open_gaps(Connection& db, DeviceId device, std::string_view family) {
  Result<Statement> st = db.prepare(
      "SELECT id, first_rec_no, last_rec_no, CASE WHEN sync_requested_at IS NOT NULL THEN 1 ELSE 0 END FROM canteen_gaps "
      "WHERE device_id = ?1 AND family = ?2 AND healed_at IS NULL ORDER BY first_rec_no");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, family);
  return collect_rows<OpenGap>(*st, [](Statement& s, OpenGap& g) {
    g = OpenGap{s.int64(0), {s.int64(1), s.int64(2)}, s.int64(3) != 0};
    return Status::success();
  });
}

// The parts of `range` no open gap covers (open gaps sorted by first).
std::vector<Range> uncovered(Range range, const std::vector<OpenGap>& gaps) {
  std::vector<Range> parts;
  int64_t next = range.first;
  for (const OpenGap& g : gaps) {
    if (g.range.last < next || g.range.first > range.last) continue;
    if (g.range.first > next) parts.push_back({next, g.range.first - 1});
    next = std::max(next, g.range.last + 1);
  }
  if (next <= range.last) parts.push_back({next, range.last});
  return parts;
}

// The holes between the family's first RecNo and its highest, walking from
// where the sequence was last known to be complete, and advancing that mark
// over complete runs and over holes already open as gaps (so a hole that
// never heals is not walked over again at every upload).
Result<std::vector<Range>> find_holes(Connection& db, DeviceId device, std::string_view family,
                                      const std::vector<OpenGap>& gaps) {
  Result<Statement> bounds = db.prepare(
      "SELECT (SELECT MIN(rec_no) FROM canteen_records WHERE device_id = ?1 AND family = ?2), "
      "first_rec_no, contiguous_through FROM (SELECT 1) AS one "
      "LEFT JOIN canteen_sequences ON device_id = ?1 AND family = ?2");
  if (!bounds) return bounds.error();
  bounds->bind_int(1, device);
  bounds->bind_text(2, family);
  if (Result<bool> row = bounds->step(); !row) return row.error();
  if (bounds->is_null(0)) return std::vector<Range>{};
  const int64_t first = bounds->int64(0);
  int64_t through = first - 1;
  if (!bounds->is_null(1) && bounds->int64(1) == first) through = bounds->int64(2);
  bounds->reset();

  Result<Statement> walk = db.prepare(
      "SELECT rec_no FROM canteen_records WHERE device_id = ?1 AND family = ?2 AND rec_no > ?3 ORDER BY rec_no");
  if (!walk) return walk.error();
  walk->bind_int(1, device);
  walk->bind_text(2, family);
  walk->bind_int(3, through);
  std::vector<Range> holes;
  int64_t previous = through;
  bool accounted = true;  // everything up to `previous` is stored or an open gap
  for (;;) {
    Result<bool> row = walk->step();
    if (!row) return row.error();
    if (!*row) break;
    const int64_t rec_no = walk->int64(0);
    if (rec_no != previous + 1) {
      const Range hole{previous + 1, rec_no - 1};
      if (!uncovered(hole, gaps).empty()) {
        holes.push_back(hole);
        accounted = false;
      }
    }
    if (accounted) through = rec_no;
    previous = rec_no;
  }
  walk->reset();

  Result<Statement> save = db.prepare(
      "INSERT INTO canteen_sequences (device_id, family, first_rec_no, contiguous_through) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (device_id, family) DO UPDATE SET first_rec_no = ?3, contiguous_through = ?4");
  if (!save) return save.error();
  save->bind_int(1, device);
  save->bind_text(2, family);
  save->bind_int(3, first);
  save->bind_int(4, through);
  if (Status s = save->run(); !s) return s.error();
  return holes;
}

Result<int64_t> stored_in(Connection& db, DeviceId device, std::string_view family, Range r) {
  Result<Statement> st = db.prepare(
      "SELECT COUNT(*) FROM canteen_records WHERE device_id = ?1 AND family = ?2 AND rec_no BETWEEN ?3 AND ?4");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, family);
  st->bind_int(3, r.first);
  st->bind_int(4, r.last);
  if (Result<bool> row = st->step(); !row) return row.error();
  return st->int64(0);
}

// Heals the open gaps that are now complete, opens gaps for the parts of
// `holes` not yet covered, and returns the open gaps without a SYNC (marking
// them requested).
Status update_gaps(Connection& db, DeviceId device, Family family, const std::vector<Range>& holes,
                   std::string_view source, TimeMs now, std::vector<SequenceGap>& needs_sync) {
  const std::string_view family_text = protocol::canteen::names_of(family).name;
  Result<std::vector<OpenGap>> gaps = open_gaps(db, device, family_text);
  if (!gaps) return gaps.error();
  Result<Statement> heal = db.prepare("UPDATE canteen_gaps SET healed_at = ?2 WHERE id = ?1");
  if (!heal) return heal.error();
  std::vector<OpenGap> still_open;
  for (const OpenGap& g : *gaps) {
    Result<int64_t> stored = stored_in(db, device, family_text, g.range);
    if (!stored) return stored.error();
    if (*stored < g.range.last - g.range.first + 1) {
      still_open.push_back(g);
      continue;
    }
    heal->bind_int(1, g.id);
    heal->bind_int(2, now);
    if (Status s = heal->run(); !s) return s;
    heal->reset();
  }
  Result<Statement> open = db.prepare(
      "INSERT INTO canteen_gaps (device_id, family, first_rec_no, last_rec_no, source, detected_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
  if (!open) return open.error();
  open->bind_int(1, device);
  open->bind_text(2, family_text);
  open->bind_text(5, source);
  open->bind_int(6, now);
  const std::vector<OpenGap> covered = still_open;
  for (const Range& hole : holes) {
    for (const Range& part : uncovered(hole, covered)) {
      open->bind_int(3, part.first);
      open->bind_int(4, part.last);
      Result<int64_t> id = open->run_returning_id();
      if (!id) return id.error();
      open->reset();
      still_open.push_back({*id, part, false});
    }
  }
  Result<Statement> request = db.prepare("UPDATE canteen_gaps SET sync_requested_at = ?2 WHERE id = ?1");
  if (!request) return request.error();
  for (const OpenGap& g : still_open) {
    if (g.sync_requested) continue;
    request->bind_int(1, g.id);
    request->bind_int(2, now);
    if (Status s = request->run(); !s) return s;
    request->reset();
    needs_sync.push_back({g.id, family, g.range.first, g.range.last});
  }
  return Status::success();
}

Result<int64_t> highest_rec_no(Connection& db, DeviceId device, std::string_view family) {
  Result<Statement> st =
      db.prepare("SELECT COALESCE(MAX(rec_no), 0) FROM canteen_records WHERE device_id = ?1 AND family = ?2");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_text(2, family);
  if (Result<bool> row = st->step(); !row) return row.error();
  return st->int64(0);
}

}  // namespace

Status apply(Connection& db, StoreCanteenRecords& op) {
  op.inserted = op.duplicates = op.conflicts = 0;
  op.needs_sync.clear();
  const std::string_view family = protocol::canteen::names_of(op.family).name;
  for (CanteenTransaction& tx : op.transactions) {
    const Transaction& t = tx.record;
    Result<StoredRecNo> existing = existing_record(db, op.device, family, t);
    if (!existing) return existing.error();
    if (existing->found) {
      if (existing->same) {
        ++op.duplicates;
        continue;
      }
      ++op.conflicts;
      if (Status s = keep_rejected(db, op, tx); !s) return s;
      continue;
    }
    Result<int64_t> card_id = card_for_record(db, t.card_no, t.sys_id, op.received_at);
    if (!card_id) return card_id.error();
    Result<int64_t> record_id = insert_record(db, op, family, *card_id, t);
    if (!record_id) return record_id.error();
    std::optional<int64_t> batch;
    if (op.family == Family::kAllow) {
      if (Status s = collect_credit(db, *card_id, *record_id, tx, batch); !s) return s;
    }
    if (Status s = book(db, *card_id, *record_id, tx, batch, op.received_at); !s) return s;
    ++op.inserted;
  }
  Result<std::vector<OpenGap>> gaps = open_gaps(db, op.device, family);
  if (!gaps) return gaps.error();
  Result<std::vector<Range>> holes = find_holes(db, op.device, family, *gaps);
  if (!holes) return holes.error();
  if (Status s = update_gaps(db, op.device, op.family, *holes, "upload", op.received_at, op.needs_sync); !s) return s;
  Result<int64_t> highest = highest_rec_no(db, op.device, family);
  if (!highest) return highest.error();
  op.highest_rec_no = *highest;
  return Status::success();
}

Status apply(Connection& db, RecordCanteenGap& op) {
  op.needs_sync.clear();
  if (op.last < op.first) return Status::success();
  return update_gaps(db, op.device, op.family, {Range{op.first, op.last}}, "poll", op.now, op.needs_sync);
}

Status apply(Connection& db, StoreItemDetails& op) {
  op.inserted = 0;
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_item_details (device_id, rec_no, kind, item, price, rec_sum, occurrence, "
      "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(8, op.received_at);
  // Identical lines in one upload are distinct items (two of the same dish);
  // the same upload sent again yields the same occurrences and is ignored.
  std::map<std::string, int64_t> seen;
  for (const auto& d : op.details) {
    const std::string kind(item_kind_text(d.kind));
    const std::string key = std::to_string(d.rec_no) + '\t' + kind + '\t' + d.item + '\t' +
                            std::to_string(d.price) + '\t' + d.rec_sum;
    st->bind_int(2, d.rec_no);
    st->bind_text(3, kind);
    st->bind_text(4, d.item);
    st->bind_int(5, d.price);
    st->bind_text(6, d.rec_sum);
    st->bind_int(7, seen[key]++);
    if (Status s = st->run(); !s) return s;
    op.inserted += static_cast<int>(db.changes());
    st->reset();
  }
  return Status::success();
}

}  // namespace zkpush::store::sql
