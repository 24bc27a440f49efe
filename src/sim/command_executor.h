// Executes one server command (004 §12) against a terminal's database and
// produces what firmware would: the reply record for POST /iclock/devicecmd
// (004 §13, in each command's exact format), and any uploads the command
// causes (DATA QUERY answers, LOG/CHECK re-uploads, enrolment templates).
// Pure logic: no sockets, no clock (the caller passes the terminal's time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/terminal_db.h"

namespace zkpush::sim {

// One cdata POST the terminal must make, e.g. table=ATTLOG with
// CmdId/Count/PackCnt/PackIdx for a query answer (capture R31).
struct Upload {
  std::string path = "/iclock/cdata";
  std::vector<std::pair<std::string, std::string>> query;  // after SN=, in order
  std::string body;
};

// Something only the terminal's network side can do.
struct Download {  // PutFile / UPGRADE: fetch, check, then reply
  std::string url;   // as given in the command
  std::string save_as;
  std::optional<std::size_t> expected_size;
  std::string expected_md5;  // lower-case hex; empty = unchecked
  bool ranged = false;       // UPGRADE supportsubcontracting=1: 1 MB Range requests
  bool base64 = false;       // UPGRADE method 1: the server sends the file base64-encoded;
                             // size and checksum are those of the decoded file (004 §12.8.2)
  std::string action;        // PutFile Action=SyncData|AppendData: load the file's data
  std::string table;         // SyncData's TableName: USERINFO, FINGERTMP or FACE
};

struct CommandOutcome {
  std::string reply;            // the devicecmd record for this command
  std::vector<Upload> uploads;  // sent before the reply, as firmware does (AMB-42)
  bool reboot = false;          // REBOOT: re-handshake after replying
  bool reload_options = false;  // RELOAD OPTIONS / CHECK: re-handshake
  bool reupload_all = false;    // CHECK: re-upload everything from the stamps
  bool upload_new = false;      // LOG: upload what is new now
  std::optional<Download> download;  // the reply is built after the download
};

struct TerminalIdentity {
  std::string sn;
  std::string firmware = "Ver 8.0.4.3-20220708";
  std::string push_version = "2.4.1";
  bool legacy = false;  // 000/002 dialect: replies with SN= lines, CMD=LOG for AC_UNLOCK...
};

// `id` is echoed exactly; `command` is the text after "C:<id>:".
// `now` is the terminal's local time "YYYY-MM-DD HH:MM:SS".
CommandOutcome execute_command(TerminalDb& db, const TerminalIdentity& terminal, std::string_view id,
                               std::string_view command, std::string_view now);

// PutFile function 2 (004 §12.5.2): loads a downloaded data file into the
// database and returns the reply's Return: how many of its commands
// succeeded (004 Appendix 1: "n > 0: n commands processed"), or -1 when the
// file holds none. The file is a .tgz or plain text of command lines in the
// format the server sends ("C:123:DATA UPDATE USERINFO PIN=1\t..."), each
// executed as if it came from the server; SyncData first empties the table
// it names ("overwriting the old data in the device"), AppendData adds.
long long load_data_file(TerminalDb& db, const TerminalIdentity& terminal, const Download& download,
                         std::string_view bytes, std::string_view now);

// The reply for a Download once the terminal fetched it: `result` = bytes
// received, or a negative code (-2 size mismatch, -1008 fetch failed).
// PutFile answers Return=<result>; UPGRADE answers 0 on success (004 §12.8.2).
std::string download_reply(std::string_view id, std::string_view cmd, long long result);

}  // namespace zkpush::sim
