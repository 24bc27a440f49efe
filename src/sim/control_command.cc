// Control commands: CLEAR (004 §12.2), CHECK and LOG (§12.3.1-2), VERIFY SUM
// (§12.3.3), SET OPTION / RELOAD OPTIONS / INFO (§12.4), REBOOT, AC_UNLOCK,
// AC_UNALARM (§12.7).
//
// Reply families differ by generation (AMB-07, AMB-08):
//   command         004                       000/002 (legacy)
//   CLEAR LOG       CMD=CLEAR_LOG             ID=..&Return=0 (no CMD, 000:L359)
//   CLEAR PHOTO     CMD=clear_photo (L3778)   same
//   CLEAR DATA      CMD=CLEAR_DATA            same
//   CHECK           CMD=CHECK                 ID=..&SN=..&Return=0&CMD=CHECK (000:L329)
//   SET OPTION      CMD=SET OPTION            ID=..&SN=..&Return=0&CMD=SET OPTION (000:L470)
//   RELOAD OPTIONS  CMD=RELOAD OPTIONS        ID=..&SN=..&Return=0 (000:L564)
//   AC_UNLOCK       CMD=AC_UNLOCK             CMD=LOG (000:L618, 002:L1263)
//   AC_UNALARM      CMD=AC_UNALARM            CMD=LOG (000:L632, 002:L1281)
// A second word the command does not take ("CLEAR FOO", "SET OPTIONS",
// "RELOAD CONFIG") is an unknown command: -1002.
#include <algorithm>

#include "protocol/text.h"
#include "sim/command_args.h"
#include "sim/command_handlers.h"
#include "sim/command_reply.h"
#include "sim/record_lines.h"

namespace zkpush::sim {
namespace {

using protocol::iequals;

// What CLEAR <target> erases (004 §12.2.1-4). CLEAR DATA keeps the options
// and files: they are configuration, not data.
void clear_data(TerminalDb& db) {
  db.users.clear();
  db.templates.clear();
  db.attlogs.clear();
  db.oplogs.clear();
  db.attendance_photos.clear();
  db.user_photos.clear();
  db.tables.clear();
}

struct ClearTarget {
  std::string_view word;
  std::string_view reply_cmd;  // 004's CMD
  void (*clear)(TerminalDb&);
};

constexpr ClearTarget kClearTargets[] = {
    {"LOG", "CLEAR_LOG", [](TerminalDb& db) { db.attlogs.clear(); }},
    {"PHOTO", "clear_photo", [](TerminalDb& db) { db.attendance_photos.clear(); }},
    {"DATA", "CLEAR_DATA", clear_data},
    {"BIODATA", "CLEAR_BIODATA",
     [](TerminalDb& db) {
       std::erase_if(db.templates, [](const auto& t) { return t.kind == protocol::TemplateKind::kBiodata; });
     }},
};

}  // namespace

CommandOutcome execute_clear(const CommandContext& c, std::string_view rest) {
  const std::string_view word = next_word(rest);
  for (const ClearTarget& target : kClearTargets) {
    if (!iequals(word, target.word)) continue;
    target.clear(c.db);
    return reply_only(c.terminal.legacy ? reply_without_cmd(c.id, ret::kOk)
                                        : reply_record(c.id, ret::kOk, target.reply_cmd));
  }
  return not_supported(c);
}

CommandOutcome execute_check(const CommandContext& c, std::string_view) {
  CommandOutcome outcome = reply_only(c.terminal.legacy ? reply_with_sn(c.id, c.terminal.sn, ret::kOk, "CHECK")
                                                        : reply_record(c.id, ret::kOk, "CHECK"));
  outcome.reupload_all = true;
  outcome.reload_options = true;
  return outcome;
}

CommandOutcome execute_log(const CommandContext& c, std::string_view) {
  CommandOutcome outcome = reply_only(reply_record(c.id, ret::kOk, "LOG"));
  outcome.upload_new = true;
  return outcome;
}

CommandOutcome execute_verify(const CommandContext& c, std::string_view rest) {
  // "VERIFY SUM ATTLOG StartTime=..\tEndTime=.." (004 §12.3.3; 002:L1360-1377).
  if (!iequals(next_word(rest), "SUM")) return not_supported(c);
  const std::string_view table = next_word(rest);
  if (!iequals(table, "ATTLOG")) return reply_only(reply_record(c.id, ret::kConfigMismatch, "VERIFY SUM"));
  const Args args = parse_args(rest);
  auto start = time_arg(args, "StartTime"), end = time_arg(args, "EndTime");
  if (!start || !end) return reply_only(reply_record(c.id, ret::kBadParameter, "VERIFY SUM"));
  const auto sum = std::count_if(c.db.attlogs.begin(), c.db.attlogs.end(), [&](const StoredAttlog& a) {
    return a.record.time >= *start && a.record.time <= *end;
  });
  std::string reply = reply_record(c.id, ret::kOk, "VERIFY SUM");
  reply.append("&StartTime=").append(*start).append("&EndTime=").append(*end);
  reply.append("&AttlogSum=").append(std::to_string(sum));
  return reply_only(std::move(reply));
}

CommandOutcome execute_set(const CommandContext& c, std::string_view rest) {
  // "SET OPTION Key=Value": one option per command (004 §12.4.1). The value
  // is everything after the first '=', blanks at its ends dropped.
  if (!iequals(next_word(rest), "OPTION")) return not_supported(c);
  const std::size_t eq = rest.find('=');
  const std::string_view key = protocol::trim(rest.substr(0, eq));
  int code = ret::kBadParameter;
  if (eq != std::string_view::npos && !key.empty()) {
    c.db.options[std::string(key)] = std::string(protocol::trim(rest.substr(eq + 1)));
    code = ret::kOk;
  }
  return reply_only(c.terminal.legacy ? reply_with_sn(c.id, c.terminal.sn, code, "SET OPTION")
                                      : reply_record(c.id, code, "SET OPTION"));
}

CommandOutcome execute_reload(const CommandContext& c, std::string_view rest) {
  if (!iequals(next_word(rest), "OPTIONS")) return not_supported(c);
  CommandOutcome outcome = reply_only(c.terminal.legacy ? reply_with_sn(c.id, c.terminal.sn, ret::kOk, "")
                                                        : reply_record(c.id, ret::kOk, "RELOAD OPTIONS"));
  outcome.reload_options = true;
  return outcome;
}

CommandOutcome execute_info(const CommandContext& c, std::string_view) {
  // "ID=..&Return=0&CMD=INFO" then key=value lines (004 §12.4.3; R27).
  std::string reply = reply_record(c.id, ret::kOk, "INFO");
  std::string lines = info_reply_lines(c.db, c.terminal);
  if (!lines.empty() && lines.back() == '\n') lines.pop_back();
  if (!lines.empty()) reply.append("\n").append(lines);
  return reply_only(std::move(reply));
}

CommandOutcome execute_reboot(const CommandContext& c, std::string_view) {
  CommandOutcome outcome = reply_only(reply_record(c.id, ret::kOk, "REBOOT"));
  outcome.reboot = true;
  return outcome;
}

CommandOutcome execute_ac_unlock(const CommandContext& c, std::string_view) {
  return reply_only(reply_record(c.id, ret::kOk, c.terminal.legacy ? "LOG" : "AC_UNLOCK"));
}

CommandOutcome execute_ac_unalarm(const CommandContext& c, std::string_view) {
  return reply_only(reply_record(c.id, ret::kOk, c.terminal.legacy ? "LOG" : "AC_UNALARM"));
}

}  // namespace zkpush::sim
