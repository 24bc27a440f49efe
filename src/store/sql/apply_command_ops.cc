// The command queue's lifecycle: queued -> sent -> done | failed, or
// sent -> expired -> done | failed when a late reply still arrives, or
// sent -> queued (re-sent after a timeout) -> sent ...
// Every transition is a conditional UPDATE, so a duplicate or out-of-order
// request changes nothing.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/sql/apply_ops.h"
#include "store/sql/row_codecs.h"
#include "util/json_text.h"

namespace zkpush::store::sql {

namespace {

// Appends command.completed / command.failed / command.expired for the
// command that just changed state.
Status command_event(Connection& db, int64_t rowid, std::string_view kind, TimeMs now) {
  Result<Statement> st = db.prepare(
      "SELECT c.command, d.sn, c.return_code FROM commands c JOIN devices d ON d.id = c.device_id WHERE c.id = ?1");
  if (!st) return st.error();
  st->bind_int(1, rowid);
  Result<bool> row = st->step();
  if (!row) return row.error();
  if (!*row) return Status::success();
  nlohmann::json payload{{"command_id", format_command_id(rowid)}, {"sn", st->string(1)},
                         {"command", st->string(0)}, {"return_code", nullptr}};
  if (!st->is_null(2)) payload["return_code"] = st->int64(2);
  return append_event(db, kind, now, json_text(payload));
}

}  // namespace

Status apply(Connection& db, EnqueueCommand& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO commands (device_id, command, status, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id");
  if (!st) return st.error();
  st->bind_int(1, op.device);
  st->bind_text(2, op.command);
  st->bind_text(3, command_status_text(CommandStatus::kQueued));
  st->bind_int(4, op.now);
  Result<int64_t> id = st->run_returning_id();
  if (!id) return id.error();
  op.id = format_command_id(*id);
  if (op.id.size() > kMaxCommandIdDigits) {
    return Error::storage("command id " + op.id + " is longer than " +
                          std::to_string(kMaxCommandIdDigits) + " digits");
  }
  return Status::success();
}

Status apply(Connection& db, MarkCommandsSent& op) {
  op.claimed.clear();
  if (op.ids.empty()) return Status::success();
  Result<Statement> st = db.prepare(
      "UPDATE commands SET status = 'sent', sent_at = ?2, deliveries = deliveries + 1 "
      "WHERE id = ?1 AND status = 'queued'");
  if (!st) return st.error();
  st->bind_int(2, op.now);
  for (const std::string& id : op.ids) {
    std::optional<int64_t> rowid = parse_command_id(id);
    if (!rowid) continue;
    st->bind_int(1, *rowid);
    if (Status s = st->run(); !s) return s;
    st->reset();
    if (db.changes() > 0) op.claimed.push_back(id);
  }
  return Status::success();
}

Status apply(Connection& db, SettleOverdueCommands& op) {
  op.requeued_for.clear();
  op.expired = 0;
  Result<Statement> requeue = db.prepare(
      "UPDATE commands SET status = 'queued' WHERE status = 'sent' AND sent_at < ?1 AND deliveries <= ?2 "
      "RETURNING device_id");
  if (!requeue) return requeue.error();
  requeue->bind_int(1, op.sent_before);
  requeue->bind_int(2, op.max_deliveries);
  for (;;) {
    Result<bool> row = requeue->step();
    if (!row) return row.error();
    if (!*row) break;
    op.requeued_for.push_back(requeue->int64(0));
  }
  Result<Statement> expire = db.prepare(
      "UPDATE commands SET status = 'expired', completed_at = ?3 WHERE status = 'sent' AND sent_at < ?1 "
      "AND deliveries > ?2 RETURNING id");
  if (!expire) return expire.error();
  expire->bind_int(1, op.sent_before);
  expire->bind_int(2, op.max_deliveries);
  expire->bind_int(3, op.now);
  std::vector<int64_t> expired;
  for (;;) {
    Result<bool> row = expire->step();
    if (!row) return row.error();
    if (!*row) break;
    expired.push_back(expire->int64(0));
  }
  op.expired = static_cast<int>(expired.size());
  for (int64_t rowid : expired) {
    if (Status s = command_event(db, rowid, "command.expired", op.now); !s) return s;
  }
  return Status::success();
}

// A reply without Return= counts as success: some firmware omits it on
// replies that carry only data (INFO, Shell).
Status apply(Connection& db, RecordCommandReply& op) {
  op.applied = false;
  std::optional<int64_t> rowid = parse_command_id(op.reply.id);
  if (!rowid) return Status::success();
  const bool failed = op.reply.return_code && *op.reply.return_code < 0;
  Result<Statement> st = db.prepare(
      "UPDATE commands SET status = ?3, return_code = ?4, reply = ?5, content = ?6, "
      "completed_at = ?7 "
      "WHERE id = ?1 AND device_id = ?2 "
      "AND (status IN ('sent', 'expired') OR (status = 'queued' AND deliveries > 0))");
  if (!st) return st.error();
  st->bind_int(1, *rowid);
  st->bind_int(2, op.device);
  st->bind_text(3, command_status_text(failed ? CommandStatus::kFailed : CommandStatus::kDone));
  if (op.reply.return_code) {
    st->bind_int(4, *op.reply.return_code);
  } else {
    st->bind_null(4);
  }
  st->bind_blob(5, op.reply.raw);
  st->bind_opt_blob(6, op.reply.content);
  st->bind_int(7, op.now);
  if (Status s = st->run(); !s) return s;
  op.applied = db.changes() > 0;
  if (!op.applied) return Status::success();
  return command_event(db, *rowid, failed ? "command.failed" : "command.completed", op.now);
}

}  // namespace zkpush::store::sql
