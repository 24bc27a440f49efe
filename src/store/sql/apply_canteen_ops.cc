// Writes of the canteen's own state: terminals and their stamps, the SYNC
// queued for a gap, cards, issued credits and master data.

#include <string>

#include "store/sql/apply_ops.h"
#include "store/sql/canteen_sql.h"
#include "store/sql/json_columns.h"

namespace zkpush::store::sql {
namespace {

struct CardIdentity {
  int64_t id = 0;
  CanteenCard card;
};

Result<std::optional<CardIdentity>> find_card(Connection& db, const std::string& card_no) {
  Result<Statement> st = db.prepare(
      "SELECT id, card_no, COALESCE(sys_id, ''), holder, pin, password, card_type, status "
      "FROM canteen_cards WHERE card_no = ?1");
  if (!st) return st.error();
  st->bind_text(1, card_no);
  return first_row<CardIdentity>(*st, [](Statement& s, CardIdentity& c) -> Status {
    c.id = s.int64(0);
    c.card = {s.string(1), s.string(2), s.string(3), s.string(4), s.string(5), s.integer(6), CardStatus::kActive};
    auto status = card_status_by_name(s.text(7));
    if (!status) return corrupt_value("canteen_cards.status", s.text(7));
    c.card.status = *status;
    return Status::success();
  });
}

Result<bool> taken(Connection& db, std::string_view sql, const std::string& value) {
  Result<Statement> st = db.prepare(sql);
  if (!st) return st.error();
  st->bind_text(1, value);
  Result<bool> row = st->step();
  if (!row) return row.error();
  return *row;
}

}  // namespace

Status apply(Connection& db, UpsertCanteenTerminal& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_terminals (device_id, fun_type, fulllog_order, first_seen) "
      "VALUES (?1, COALESCE(CAST(?2 AS BIGINT), 0), COALESCE(?3, 'unknown'), ?4) ON CONFLICT (device_id) DO NOTHING");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_int(2, op.fun_type ? std::optional<int64_t>(*op.fun_type) : std::nullopt);
  if (op.fulllog_order) st->bind_text(3, name_of(*op.fulllog_order));
  else st->bind_null(3);
  st->bind_int(4, op.now);
  if (Status s = st->run(); !s) return s;
  op.created = db.changes() > 0;
  if (op.created) return Status::success();
  Result<Statement> update = db.prepare(
      "UPDATE canteen_terminals SET fun_type = COALESCE(?2, fun_type), fulllog_order = COALESCE(?3, fulllog_order) "
      "WHERE device_id = ?1");
  if (!update) return update.error();
  update->bind_int(1, op.device);
  update->bind_int(2, op.fun_type ? std::optional<int64_t>(*op.fun_type) : std::nullopt);
  if (op.fulllog_order) update->bind_text(3, name_of(*op.fulllog_order));
  else update->bind_null(3);
  return update->run();
}

Status apply(Connection& db, SetCanteenStamps& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_stamps (device_id, name, value) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (device_id, name) DO UPDATE SET value = excluded.value");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  for (const auto& [name, value] : op.values) {
    st->bind_text(2, name);
    st->bind_text(3, value);
    if (Status s = st->run(); !s) return s;
    st->reset();
  }
  return Status::success();
}

Status apply(Connection& db, SetCanteenGapSync& op) {
  Result<Statement> st = db.prepare("UPDATE canteen_gaps SET sync_command = ?2 WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, op.gap_id);
  st->bind_text(2, op.command_id);
  return st->run();
}

Status apply(Connection& db, CreateCanteenCard& op) {
  const CanteenCard& c = op.card;
  Result<bool> number_taken = taken(db, "SELECT 1 FROM canteen_cards WHERE card_no = ?1", c.card_no);
  if (!number_taken) return number_taken.error();
  if (*number_taken) return Error::invalid("card " + c.card_no + " exists");
  if (!c.sys_id.empty()) {
    Result<bool> sys_id_taken = taken(db, "SELECT 1 FROM canteen_cards WHERE sys_id = ?1", c.sys_id);
    if (!sys_id_taken) return sys_id_taken.error();
    if (*sys_id_taken) return Error::invalid("SysID " + c.sys_id + " belongs to another card");
  }
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_cards (card_no, sys_id, holder, pin, password, card_type, status, origin, created_at, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'api', ?8, ?8) RETURNING id");
  if (!st) return st.error();
  st->bind_text(1, c.card_no);
  if (c.sys_id.empty()) st->bind_null(2);
  else st->bind_text(2, c.sys_id);
  st->bind_text(3, c.holder);
  st->bind_text(4, c.pin);
  st->bind_text(5, c.password);
  st->bind_int(6, c.card_type);
  st->bind_text(7, name_of(c.status));
  st->bind_int(8, op.now);
  Result<int64_t> id = st->run_returning_id();
  if (!id) return id.error();
  op.id = *id;
  if (Status s = assign_sys_id(db, op.id); !s) return s;
  for (auto [wallet, amount] : {std::pair{Wallet::kMain, op.opening_main}, std::pair{Wallet::kSub, op.opening_sub}}) {
    if (amount == 0) continue;
    LedgerEntry opening{op.id, LedgerEffect{wallet, LedgerKind::kOpening, amount, std::nullopt}, -1, {}, {}, op.now};
    if (Status s = append_ledger(db, opening); !s) return s;
  }
  Result<std::optional<CardIdentity>> created = find_card(db, c.card_no);
  if (!created) return created.error();
  op.sys_id = created->has_value() ? (*created)->card.sys_id : std::string();
  return Status::success();
}

Status apply(Connection& db, UpdateCanteenCard& op) {
  Result<std::optional<CardIdentity>> found = find_card(db, op.card_no);
  if (!found) return found.error();
  op.found = found->has_value();
  if (!op.found) return Status::success();
  op.before = (*found)->card;
  op.after = changed_card(op.before, op);
  Result<Statement> st = db.prepare(
      "UPDATE canteen_cards SET holder = ?2, pin = ?3, password = ?4, card_type = ?5, status = ?6, updated_at = ?7 "
      "WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, (*found)->id);
  st->bind_text(2, op.after.holder);
  st->bind_text(3, op.after.pin);
  st->bind_text(4, op.after.password);
  st->bind_int(5, op.after.card_type);
  st->bind_text(6, name_of(op.after.status));
  st->bind_int(7, op.now);
  return st->run();
}

Status apply(Connection& db, DeleteCanteenCard& op) {
  op.deleted = op.refused = false;
  Result<std::optional<CardIdentity>> found = find_card(db, op.card_no);
  if (!found) return found.error();
  if (!found->has_value()) return Status::success();
  op.sys_id = (*found)->card.sys_id;
  Result<Statement> used = db.prepare(
      "SELECT CASE WHEN EXISTS (SELECT 1 FROM canteen_ledger WHERE card_id = ?1) "
      "OR EXISTS (SELECT 1 FROM canteen_records WHERE card_id = ?1) "
      "OR EXISTS (SELECT 1 FROM canteen_credits WHERE card_id = ?1) THEN 1 ELSE 0 END");
  if (!used) return used.error();
  used->bind_int(1, (*found)->id);
  if (Result<bool> row = used->step(); !row) return row.error();
  op.refused = used->int64(0) != 0;
  used->reset();
  if (op.refused) return Status::success();
  Result<Statement> st = db.prepare("DELETE FROM canteen_cards WHERE id = ?1");
  if (!st) return st.error();
  st->bind_int(1, (*found)->id);
  if (Status s = st->run(); !s) return s;
  op.deleted = true;
  return Status::success();
}

Status apply(Connection& db, IssueCanteenCredits& op) {
  op.cards.clear();
  std::vector<int64_t> ids;
  for (const std::string& card_no : op.card_nos) {
    Result<std::optional<CardIdentity>> found = find_card(db, card_no);
    if (!found) return found.error();
    if (!found->has_value()) return Error::invalid("no card " + card_no);
    ids.push_back((*found)->id);
    op.cards.push_back((*found)->card);
  }
  Result<Statement> batch = db.prepare(
      "INSERT INTO canteen_credit_batches (kind, wallet, amount, note, issued_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING batch");
  if (!batch) return batch.error();
  batch->bind_text(1, name_of(op.kind));
  batch->bind_text(2, name_of(op.wallet));
  batch->bind_int(3, op.amount);
  batch->bind_text(4, op.note);
  batch->bind_int(5, op.now);
  Result<int64_t> batch_id = batch->run_returning_id();
  if (!batch_id) return batch_id.error();
  op.batch = *batch_id;
  Result<Statement> credit = db.prepare("INSERT INTO canteen_credits (batch, card_id) VALUES (?1, ?2)");
  if (!credit) return credit.error();
  credit->bind_int(1, op.batch);
  for (int64_t id : ids) {
    credit->bind_int(2, id);
    if (Status s = credit->run(); !s) return s;
    credit->reset();
  }
  return Status::success();
}

Status apply(Connection& db, PutCanteenMaster& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO canteen_master (table_name, row_key, fields, updated_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (table_name, row_key) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at");
  if (!st) return st.error();
  std::string fields;
  encode_fields(op.row.fields, fields);
  st->bind_text(1, op.row.table);
  st->bind_text(2, op.row.key);
  st->bind_text(3, fields);
  st->bind_int(4, op.row.updated_at);
  return st->run();
}

Status apply(Connection& db, DeleteCanteenMaster& op) {
  op.found = false;
  Result<Statement> st =
      db.prepare("DELETE FROM canteen_master WHERE table_name = ?1 AND row_key = ?2 RETURNING fields");
  if (!st) return st.error();
  st->bind_text(1, op.table);
  st->bind_text(2, op.key);
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return Status::success();
  if (!decode_fields(st->text(0), op.fields)) return corrupt_value("canteen_master.fields", st->text(0));
  op.found = true;
  return Status::success();
}

}  // namespace zkpush::store::sql
