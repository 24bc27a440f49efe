// File commands: GetFile (004 §12.5.1), SHELL (§12.8.1), PutFile (§12.5.2)
// and UPGRADE (§12.8.2).
//
// Replies (AMB-25): GetFile and Shell are multi-line with Content last,
// which may be binary and runs to the end of the post (the terminal must not
// batch another reply after it):
//   ID=..\nSN=..\nFILENAME=<path>\nCMD=GetFile\nReturn=<size>\nContent=<bytes>   (000:L638-670)
//   ID=..\nSN=..\nReturn=<status>\nCMD=Shell\nFILENAME=shellout.txt\nContent=<output>
// Shell carries SN= as 000:L303-310, 004 and the Biopro SA40 (R28) do; the
// SpeedFace-V5L leaves it out (R35), which the server tolerates either way.
// A Shell without a command is "ID=..&Return=-1&CMD=Shell" (000:L315); a
// GetFile of a file the terminal does not have is -2, as on the V5L (B6).
//
// PutFile and UPGRADE only describe the download (CommandOutcome::download);
// the terminal fetches, checks and then replies with download_reply (or,
// with an Action, loads the file first: load_data_file).
//   PutFile <URL>\t<FilePath>[\tAction=..[\tTableName=..\tRecordCount=..]]  (004, 002:L1325)
//   PutFile <URL> <FilePath>               (000:L677, 002's examples; AMB-23)
//   PutFile <URL>                          (004 example 1: to /mnt/mtdblock)
// A FilePath that is a directory ("/mnt/") gets the URL's file name.
//   UPGRADE checksum=..,url=..,size=..                          method 1: base64 body
//   UPGRADE type=1,checksum=..,size=..,url=..                   method 2: plain body
//   UPGRADE checksum=..,size=..,url=..,supportsubcontracting=1  method 3: 1 MB ranges
// The upgrade file is saved as emfw.cfg (004 §12.8.2). Replies:
//   PutFile: ID=..\nReturn=<bytes>\nCMD=PutFile (004 §12.5.2)
//   UPGRADE: ID=..&Return=0&CMD=UPGRADE, or the negative code (004's examples
//            answer 0, not a byte count)
#include <algorithm>

#include "protocol/devicecmd.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "sim/command_args.h"
#include "sim/command_handlers.h"
#include "sim/command_reply.h"
#include "sim/data_ops.h"
#include "sim/server_replies.h"
#include "sim/shell.h"

namespace zkpush::sim {
namespace {

using protocol::iequals;

constexpr std::string_view kMtdblock = "/mnt/mtdblock/";

std::string_view file_name_of(std::string_view url) {
  const std::size_t end = url.find_first_of("?#");
  url = url.substr(0, end);
  const std::size_t slash = url.find_last_of("/\\");
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

std::string save_path(std::string_view url, std::string_view path) {
  if (path.empty()) return std::string(kMtdblock) + std::string(file_name_of(url));
  if (path.back() == '/') return std::string(path) + std::string(file_name_of(url));
  return std::string(path);
}

CommandOutcome download_outcome(Download download) {
  CommandOutcome outcome;
  outcome.download = std::move(download);
  return outcome;
}

}  // namespace

CommandOutcome execute_getfile(const CommandContext& c, std::string_view rest) {
  const std::string path(protocol::trim(rest));
  if (path.empty()) return reply_only(reply_record(c.id, ret::kBadParameter, "GetFile"));
  auto it = c.db.files.find(path);
  if (it == c.db.files.end()) return reply_only(reply_record(c.id, ret::kNoSuchFile, "GetFile"));
  std::string reply = "ID=";
  reply.append(c.id).append("\nSN=").append(c.terminal.sn).append("\nFILENAME=").append(path);
  reply.append("\nCMD=GetFile\nReturn=").append(std::to_string(it->second.size()));
  reply.append("\nContent=").append(it->second);
  return reply_only(std::move(reply));
}

CommandOutcome execute_shell(const CommandContext& c, std::string_view rest) {
  const std::string_view command = protocol::trim(rest);
  if (command.empty()) return reply_only(reply_record(c.id, ret::kBadParameter, "Shell"));
  const ShellResult result = run_shell(c.db, command, c.now);
  std::string reply = "ID=";
  reply.append(c.id).append("\nSN=").append(c.terminal.sn);
  reply.append("\nReturn=").append(std::to_string(result.status));
  reply.append("\nCMD=Shell\nFILENAME=shellout.txt\nContent=").append(result.output);
  return reply_only(std::move(reply));
}

CommandOutcome execute_putfile(const CommandContext& c, std::string_view rest) {
  std::string_view url, path;
  Args action;
  if (rest.find('\t') != std::string_view::npos) {
    const auto fields = protocol::split(rest, '\t');
    url = protocol::trim(fields[0]);
    if (fields.size() > 1 && fields[1].find('=') == std::string_view::npos) path = protocol::trim(fields[1]);
    if (fields.size() > 2) action = parse_args(rest.substr(fields[0].size() + fields[1].size() + 2));
  } else {
    url = next_word(rest);
    path = next_word(rest);
  }
  if (url.empty()) return reply_only(download_reply(c.id, "PutFile", ret::kBadParameter));
  Download d;
  d.url = std::string(url);
  d.save_as = save_path(url, path);
  d.action = std::string(arg(action, "Action").value_or(""));
  d.table = std::string(arg(action, "TableName").value_or(""));
  if (!d.action.empty() && !iequals(d.action, "SyncData") && !iequals(d.action, "AppendData"))
    return reply_only(download_reply(c.id, "PutFile", ret::kBadParameter));
  return download_outcome(std::move(d));
}

long long load_data_file(TerminalDb& db, const TerminalIdentity& terminal, const Download& d, std::string_view bytes,
                         std::string_view now) {
  std::string text(bytes);
  if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b') {  // gzip: a .tgz packet
    auto extracted = protocol::extract_tgz(bytes);
    if (!extracted) return ret::kBadParameter;
    text = std::move(*extracted);
  }
  const std::vector<ServerCommand> commands = parse_command_lines(text);
  if (commands.empty()) return ret::kBadParameter;
  if (iequals(d.action, "SyncData")) {
    if (iequals(d.table, "USERINFO")) db.users.clear();
    if (auto kind = template_kind(d.table))
      std::erase_if(db.templates, [kind](const protocol::TemplateRecord& t) { return t.kind == *kind; });
  }
  long long done = 0;
  for (const ServerCommand& command : commands) {
    const auto replies = protocol::parse_devicecmd(execute_command(db, terminal, command.id, command.text, now).reply);
    if (!replies.empty() && replies.front().return_code.value_or(-1) >= 0) ++done;
  }
  return done;
}

CommandOutcome execute_upgrade(const CommandContext& c, std::string_view rest) {
  // "checksum=..,url=..,size=..": a comma starts a new pair only before
  // "key=" (the options-body rule), so a URL keeps a comma that is not
  // followed by one ("?v=1,2"); "?a=1,b=2" cannot be told from two pairs.
  std::optional<std::string_view> url, checksum, size, type, ranged;
  const protocol::Fields pairs = protocol::parse_options_body(rest);
  for (const auto& [key, value] : pairs) {
    if (iequals(key, "url")) url = value;
    if (iequals(key, "checksum")) checksum = value;
    if (iequals(key, "size")) size = value;
    if (iequals(key, "type")) type = value;
    if (iequals(key, "supportsubcontracting")) ranged = value;
  }
  Download d;
  std::optional<long long> bytes;
  if (size) bytes = protocol::parse_int(*size);
  if (!url || url->empty() || (size && (!bytes || *bytes < 0)))
    return reply_only(download_reply(c.id, "UPGRADE", ret::kBadParameter));
  d.url = std::string(*url);
  d.save_as = "emfw.cfg";
  if (bytes) d.expected_size = static_cast<std::size_t>(*bytes);
  if (checksum) d.expected_md5 = protocol::to_lower(*checksum);
  d.ranged = ranged && protocol::trim(*ranged) == "1";
  d.base64 = !d.ranged && !(type && protocol::trim(*type) == "1");
  return download_outcome(std::move(d));
}

std::string download_reply(std::string_view id, std::string_view cmd, long long result) {
  if (iequals(cmd, "PutFile")) {
    std::string reply = "ID=";
    reply.append(id).append("\nReturn=").append(std::to_string(result)).append("\nCMD=PutFile");
    return reply;
  }
  if (iequals(cmd, "UPGRADE")) return reply_record(id, result < 0 ? result : 0, "UPGRADE");
  return reply_record(id, result, cmd);
}

}  // namespace zkpush::sim
