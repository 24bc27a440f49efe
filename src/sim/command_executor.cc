// The command executor: finds the command's verb and hands the rest of the
// text to its family (command_handlers.h). Verbs are matched ignoring case
// ("GetFile", "Shell" and "PutFile" are printed in mixed case); a verb no
// document gives for a terminal is answered -1002 "not supported by the
// equipment" with CMD set to the word as sent, as a SpeedFace-V5L answers
// `USER ADD` (B6).
//
// The command text may carry the blanks 004 prints after "C:<id>:" and a
// trailing CR from a CRLF command line; both are ignored.
#include "sim/command_executor.h"

#include "protocol/text.h"
#include "sim/command_args.h"
#include "sim/command_handlers.h"
#include "sim/command_reply.h"

namespace zkpush::sim {
namespace {

using Handler = CommandOutcome (*)(const CommandContext&, std::string_view);

struct Verb {
  std::string_view name;
  Handler handler;
};

constexpr Verb kVerbs[] = {
    {"DATA", execute_data},
    {"CLEAR", execute_clear},
    {"CHECK", execute_check},
    {"LOG", execute_log},
    {"VERIFY", execute_verify},
    {"SET", execute_set},
    {"RELOAD", execute_reload},
    {"INFO", execute_info},
    {"REBOOT", execute_reboot},
    {"AC_UNLOCK", execute_ac_unlock},
    {"AC_UNALARM", execute_ac_unalarm},
    {"ENROLL_FP", execute_enroll_fp},
    {"ENROLL_MF", execute_enroll_mf},
    {"ENROLL_BIO", execute_enroll_bio},
    {"GetFile", execute_getfile},
    {"SHELL", execute_shell},
    {"PutFile", execute_putfile},
    {"UPGRADE", execute_upgrade},
    {"SMS", execute_sms},
};

}  // namespace

CommandOutcome not_supported(const CommandContext& c) {
  return reply_only(reply_record(c.id, ret::kNotSupported, c.verb));
}

CommandOutcome execute_command(TerminalDb& db, const TerminalIdentity& terminal, std::string_view id,
                               std::string_view command, std::string_view now) {
  std::string_view rest = protocol::trim(command);
  const std::string_view verb = next_word(rest);
  const CommandContext context{db, terminal, id, verb, now};
  for (const Verb& v : kVerbs)
    if (protocol::iequals(verb, v.name)) return v.handler(context, rest);
  return not_supported(context);
}

}  // namespace zkpush::sim
