// Internal to the command executor: one entry point per command family,
// each called with the text after its verb (command_executor.cc dispatches).
#pragma once

#include <string_view>

#include "sim/command_executor.h"

namespace zkpush::sim {

struct CommandContext {
  TerminalDb& db;
  const TerminalIdentity& terminal;
  std::string_view id;
  std::string_view verb;  // the first word as sent, for -1002 replies
  std::string_view now;   // terminal-local "YYYY-MM-DD HH:MM:SS"
};

// -1002 with CMD=<verb as sent>: what firmware answers to a command it does
// not know (B6: USER ADD, DATA DEL).
CommandOutcome not_supported(const CommandContext& c);

// data_command.cc: DATA UPDATE / DELETE / QUERY, and 000's DATA USER / FP /
// DEL_USER / DEL_FP.
CommandOutcome execute_data(const CommandContext& c, std::string_view rest);
// data_command.cc: 000's top-level "SMS MSG=..\tTAG=..\tUID=.." (000:L701).
CommandOutcome execute_sms(const CommandContext& c, std::string_view rest);

// control_command.cc
CommandOutcome execute_clear(const CommandContext& c, std::string_view rest);
CommandOutcome execute_check(const CommandContext& c, std::string_view rest);
CommandOutcome execute_log(const CommandContext& c, std::string_view rest);
CommandOutcome execute_verify(const CommandContext& c, std::string_view rest);
CommandOutcome execute_set(const CommandContext& c, std::string_view rest);
CommandOutcome execute_reload(const CommandContext& c, std::string_view rest);
CommandOutcome execute_info(const CommandContext& c, std::string_view rest);
CommandOutcome execute_reboot(const CommandContext& c, std::string_view rest);
CommandOutcome execute_ac_unlock(const CommandContext& c, std::string_view rest);
CommandOutcome execute_ac_unalarm(const CommandContext& c, std::string_view rest);

// enroll_command.cc
CommandOutcome execute_enroll_fp(const CommandContext& c, std::string_view rest);
CommandOutcome execute_enroll_mf(const CommandContext& c, std::string_view rest);
CommandOutcome execute_enroll_bio(const CommandContext& c, std::string_view rest);

// file_command.cc
CommandOutcome execute_getfile(const CommandContext& c, std::string_view rest);
CommandOutcome execute_shell(const CommandContext& c, std::string_view rest);
CommandOutcome execute_putfile(const CommandContext& c, std::string_view rest);
CommandOutcome execute_upgrade(const CommandContext& c, std::string_view rest);

}  // namespace zkpush::sim
