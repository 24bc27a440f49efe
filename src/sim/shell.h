// The emulated terminal's operating-system shell, for the SHELL command
// (004 §12.8.1): just enough busybox for a server to see real-looking output
// (captures R28, R35). Commands:
//   date            the terminal's clock, "Tue Mar 24 16:12:26 UTC 2026" (R35's shape)
//   echo <words>    the words
//   ls [<dir>]      the files stored under <dir> (every file without one)
//   cat <path>      a stored file; exit status 1 when there is none
// Anything else exits 127 with busybox's "sh: <word>: not found".
#pragma once

#include <string>
#include <string_view>

#include "sim/terminal_db.h"

namespace zkpush::sim {

struct ShellResult {
  int status = 0;
  std::string output;  // stdout and stderr, as the terminal captures them into shellout.txt
};

ShellResult run_shell(const TerminalDb& db, std::string_view command, std::string_view now);

}  // namespace zkpush::sim
