// Internal to the DATA command (data_command.cc): one function per
// subcommand, each taking the table name as sent and its arguments.
#pragma once

#include <optional>
#include <string_view>

#include "protocol/records.h"
#include "sim/command_args.h"
#include "sim/command_handlers.h"

namespace zkpush::sim {

// The template kind a table name stands for: FINGERTMP, FACE, FVEIN, BIODATA.
std::optional<protocol::TemplateKind> template_kind(std::string_view table);

// DATA UPDATE <table> (004 §12.1.1): the Return code.
int data_update(TerminalDb& db, bool legacy, std::string_view table, const Args& args);

// DATA DELETE <table> (004 §12.1.2): the Return code.
int data_delete(TerminalDb& db, bool legacy, std::string_view table, const Args& args);

// DATA QUERY <table> (004 §12.1.3): the uploads and the reply.
CommandOutcome data_query(const CommandContext& c, std::string_view table, const Args& args);

}  // namespace zkpush::sim
