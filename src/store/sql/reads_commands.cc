// Reads of the command queue.

#include <string>

#include "store/sql/read_rows.h"
#include "store/sql/reads.h"
#include "store/sql/row_codecs.h"

namespace zkpush::store::sql {

namespace {

#define ZKPUSH_COMMAND_SELECT                                                                \
  "SELECT c.id, d.sn, c.device_id, c.command, c.status, c.return_code, c.reply, c.content, " \
  "c.created_at, c.sent_at, c.completed_at, c.deliveries FROM commands c JOIN devices d ON d.id = c.device_id "

Status decode_command(const Statement& st, CommandRow& c) {
  c.id = format_command_id(st.int64(0));
  c.sn = st.string(1);
  c.device_id = st.int64(2);
  c.command = st.string(3);
  std::optional<CommandStatus> status = command_status_from_text(st.text(4));
  if (!status) return corrupt_value("commands.status", st.text(4));
  c.status = *status;
  if (st.is_null(5)) {
    c.return_code.reset();
  } else {
    c.return_code = st.integer(5);
  }
  c.reply = std::string(st.blob(6));
  if (st.is_null(7)) {
    c.content.reset();
  } else {
    c.content = std::string(st.blob(7));
  }
  c.created_at = st.int64(8);
  c.sent_at = st.opt_int64(9);
  c.completed_at = st.opt_int64(10);
  c.deliveries = st.integer(11);
  return Status::success();
}

}  // namespace

Result<std::vector<CommandRow>> read_open_commands(Connection& db) {
  // The WHERE matches the partial index commands_open word for word.
  Result<Statement> st = db.prepare(ZKPUSH_COMMAND_SELECT "WHERE c.status IN ('queued', 'sent') ORDER BY c.id");
  if (!st) return st.error();
  return collect_rows<CommandRow>(*st, decode_command);
}

Result<std::vector<CommandRow>> read_queued_commands(Connection& db, DeviceId device, int limit) {
  if (limit <= 0) return std::vector<CommandRow>();
  Result<Statement> st = db.prepare(ZKPUSH_COMMAND_SELECT
                                    "WHERE c.device_id = ?1 AND c.status = 'queued' "
                                    "ORDER BY c.id LIMIT ?2");
  if (!st) return st.error();
  st->bind_int(1, device);
  st->bind_int(2, limit);
  return collect_rows<CommandRow>(*st, decode_command);
}

Result<std::optional<CommandRow>> read_command(Connection& db, const std::string& id) {
  std::optional<int64_t> rowid = parse_command_id(id);
  if (!rowid) return std::optional<CommandRow>();
  Result<Statement> st = db.prepare(ZKPUSH_COMMAND_SELECT "WHERE c.id = ?1");
  if (!st) return st.error();
  st->bind_int(1, *rowid);
  return first_row<CommandRow>(*st, decode_command);
}

Result<std::vector<CommandRow>> read_device_commands(Connection& db, DeviceId device, const PageQuery& page) {
  return read_device_page<CommandRow>(
      db, ZKPUSH_COMMAND_SELECT "WHERE c.device_id = ?1 AND c.id > ?2 ORDER BY c.id LIMIT ?3", device, page,
      decode_command);
}

Result<std::vector<CommandRow>> read_recent_commands(Connection& db, const CommandQuery& query) {
  // Failed and expired commands are few among many done ones: their partial
  // indexes (schema 7) find them without a scan, which needs the status
  // written into the statement, not bound (one of five fixed words).
  std::string where = "WHERE c.id < ?1 ";
  if (query.status) where += "AND c.status = '" + std::string(command_status_text(*query.status)) + "' ";
  if (query.device) where += "AND c.device_id = ?3 ";
  Result<Statement> st = db.prepare(std::string(ZKPUSH_COMMAND_SELECT) + where + "ORDER BY c.id DESC LIMIT ?2");
  if (!st) return st.error();
  st->bind_int(1, query.before > 0 ? query.before : INT64_MAX);
  st->bind_int(2, query.limit);
  if (query.device) st->bind_int(3, *query.device);
  return collect_rows<CommandRow>(*st, decode_command);
}

#undef ZKPUSH_COMMAND_SELECT

Result<CommandCounts> read_command_counts(Connection& db) {
  Result<Statement> st = db.prepare("SELECT status, count(*) FROM commands GROUP BY status");
  if (!st) return st.error();
  CommandCounts counts;
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return counts;
    std::optional<CommandStatus> status = command_status_from_text(st->text(0));
    if (!status) return corrupt_value("commands.status", st->text(0));
    const int64_t n = st->int64(1);
    switch (*status) {
      case CommandStatus::kQueued: counts.queued = n; break;
      case CommandStatus::kSent: counts.sent = n; break;
      case CommandStatus::kDone: counts.done = n; break;
      case CommandStatus::kFailed: counts.failed = n; break;
      case CommandStatus::kExpired: counts.expired = n; break;
    }
  }
}

// Walks the index on (device_id, status, id).
Result<std::map<DeviceId, int64_t>> read_queued_counts(Connection& db) {
  Result<Statement> st =
      db.prepare("SELECT device_id, count(*) FROM commands WHERE status = 'queued' GROUP BY device_id");
  if (!st) return st.error();
  std::map<DeviceId, int64_t> counts;
  for (;;) {
    Result<bool> more = st->step();
    if (!more) return more.error();
    if (!*more) return counts;
    counts[st->int64(0)] = st->int64(1);
  }
}

}  // namespace zkpush::store::sql
