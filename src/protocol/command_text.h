// The text of the server's commands (004 §12), without the "C:<id>:" prefix
// that append_command_line (format.h) adds when the command goes out. Pure
// functions, one per shape the commands take:
//
//   words + key=value pairs   DATA UPDATE|DELETE|QUERY <table> (§12.1), VERIFY SUM
//                             ATTLOG (§12.3.3), ENROLL_FP/MF/BIO (§12.6), and the
//                             bare words of CLEAR LOG, CHECK, INFO, REBOOT...
//   words + one argument      GetFile <FilePath> (§12.5.1), SHELL <SystemCmd> (§12.8.1)
//   SET OPTION Key=Value      (§12.4.1)
//   PutFile                   (§12.5.2, both functions)
//   UPGRADE                   (§12.8.2, the three methods)
//
// USERINFO and template updates have their own formatters in format.h
// (format_user_update, format_template_update), shared with remote attendance.
//
// Values are written as given except that TAB, CR, LF and NUL become a space
// (record_line.h); callers validate first and refuse such values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/records.h"

namespace zkpush::protocol {

// "<words> K=V\tK=V...": the pairs in the given order, separated by TAB
// (004 ${HT}); just "<words>" without pairs. An empty value is written as
// "K=" (a key the command lists but leaves blank).
std::string format_command(std::string_view words, const Fields& pairs);

// "<words> <argument>", the argument being the rest of the line: TABs are
// kept (a shell command may hold one), CR, LF and NUL become a space.
std::string format_command_argument(std::string_view words, std::string_view argument);

// "SET OPTION <key>=<value>": one option per command (004 §12.4.1).
std::string format_set_option(std::string_view key, std::string_view value);

// PutFile (004 §12.5.2):
//   function 1  "PutFile <URL>\t<FilePath>", or "PutFile <URL>" alone (example 1:
//               a .tgz is unpacked into /mnt/mtdblock)
//   function 2  "PutFile <URL>\t<FilePath>\tAction=<..>[\tTableName=..\tRecordCount=..]"
// `action` holds the Action pairs in order; it needs a FilePath.
std::string format_put_file(std::string_view url, std::string_view file_path, const Fields& action);

// UPGRADE (004 §12.8.2), comma-separated pairs in each method's own order:
//   1 (base64)  "UPGRADE checksum=<md5>,url=<URL>,size=<n>"
//   2 (direct)  "UPGRADE type=1,checksum=<md5>,size=<n>,url=<URL>"
//   3 (ranged)  "UPGRADE checksum=<md5>,size=<n>,url=<URL>,supportsubcontracting=1"
enum class UpgradeMethod { kBase64 = 1, kDirect = 2, kRanged = 3 };
std::string format_upgrade(UpgradeMethod method, std::string_view checksum, std::string_view url, long long size);

// The PIN a command is about: its PIN= key (USERINFO, FINGERTMP...) or
// BIODATA's Pin=, split by the record lines' rules (kv_line.h); nullopt for a
// command about nobody (INFO, CHECK...).
std::optional<std::string_view> command_pin(std::string_view command);

}  // namespace zkpush::protocol
