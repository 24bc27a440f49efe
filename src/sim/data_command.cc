// DATA commands (004 §12.1): "DATA <SUBCMD> <TABLE> <key=value...>", every
// reply "ID=..&Return=..&CMD=DATA".
//
// Dialects (legacy_catalog EMIT-07):
//   002/004: DATA UPDATE|DELETE|QUERY <table> ...
//   000:     DATA USER ..., DATA FP ..., DATA DEL_USER PIN=, DATA DEL_FP PIN=\tFID=
//            (000:L490-550), and the top-level "SMS MSG=..\tTAG=..\tUID=.." (000:L701)
// A legacy terminal (000/002 firmware) understands both sets, since 002 kept
// the 000 forms as "the original commands" (002:L882). A current terminal
// answers the 000 forms -1002, as a SpeedFace-V5L answers `DATA DEL` (B6): an
// emulator that accepted them would hide a server sending the wrong dialect.
// An unknown subcommand is -1002; an unknown table -1004 (B5, B6).
#include "protocol/text.h"
#include "sim/command_reply.h"
#include "sim/data_ops.h"

namespace zkpush::sim {
namespace {

using protocol::iequals;

CommandOutcome data_reply(const CommandContext& c, int code) { return reply_only(reply_record(c.id, code, "DATA")); }

// 000's subcommands: the 002 table they act on, and whether they delete.
struct LegacyForm {
  std::string_view subcommand;
  std::string_view table;
  bool remove;
};
constexpr LegacyForm kLegacyForms[] = {
    {"USER", "USERINFO", false},
    {"FP", "FINGERTMP", false},
    {"DEL_USER", "USERINFO", true},
    {"DEL_FP", "FINGERTMP", true},
};

}  // namespace

std::optional<protocol::TemplateKind> template_kind(std::string_view table) {
  using protocol::TemplateKind;
  if (iequals(table, "FINGERTMP")) return TemplateKind::kFingerprint;
  if (iequals(table, "FACE")) return TemplateKind::kFace;
  if (iequals(table, "FVEIN")) return TemplateKind::kFingerVein;
  if (iequals(table, "BIODATA")) return TemplateKind::kBiodata;
  return std::nullopt;
}

CommandOutcome execute_data(const CommandContext& c, std::string_view rest) {
  const std::string_view sub = next_word(rest);
  const bool legacy = c.terminal.legacy;
  if (iequals(sub, "UPDATE") || iequals(sub, "DELETE") || iequals(sub, "QUERY")) {
    const std::string_view table = next_word(rest);
    if (table.empty()) return data_reply(c, ret::kBadParameter);
    const Args args = parse_args(rest);
    if (iequals(sub, "QUERY")) return data_query(c, table, args);
    if (iequals(sub, "UPDATE")) return data_reply(c, data_update(c.db, legacy, table, args));
    return data_reply(c, data_delete(c.db, legacy, table, args));
  }
  for (const LegacyForm& form : kLegacyForms) {
    if (!legacy || !iequals(sub, form.subcommand)) continue;
    const Args args = parse_args(rest);
    return data_reply(
        c, form.remove ? data_delete(c.db, legacy, form.table, args) : data_update(c.db, legacy, form.table, args));
  }
  return not_supported(c);
}

CommandOutcome execute_sms(const CommandContext& c, std::string_view rest) {
  // 000:L701-721: the reply is cut off in the document (AMB-48); we answer
  // like every other 000 data command, CMD=SMS.
  if (!c.terminal.legacy) return not_supported(c);
  const int code = data_update(c.db, true, "SMS", parse_args(rest));
  return reply_only(reply_record(c.id, code, "SMS"));
}

}  // namespace zkpush::sim
