// What the emulated terminal reads from the server: the handshake's options
// block (004 §5) and getrequest's command lines (004 §12). Pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace zkpush::sim {

struct ServerOptions {
  bool registered = false;  // a "GET OPTION FROM: <sn>" block came back (B3)
  std::map<std::string, std::string> values;
  int delay_s = 10;
  int error_delay_s = 30;
  int trans_interval_min = 1;
  bool realtime = true;
  int time_zone_minutes = 0;  // TimeZone: hours, or minutes when |TZ| > 60
  std::vector<std::string> trans_flags;  // format II names; format I digits mapped to names
  std::vector<int> trans_times;  // TransTimes "00:00;14:05": minutes after midnight of the daily uploads
  std::string stamp(std::string_view table) const;  // ATTLOGStamp, else the legacy Stamp/OpStamp/PhotoStamp
  bool allows(std::string_view flag) const;  // TransFlag permits this data type
};

ServerOptions parse_handshake_reply(std::string_view sn, std::string_view body);

// Seconds from the terminal's local time `local_seconds` (since the epoch) to
// its next TransTimes upload; -1 when there is none.
long long seconds_to_next_trans_time(const ServerOptions& options, long long local_seconds);

struct ServerCommand {
  std::string id;
  std::string text;
};
// "OK" (nothing to do) or "C:<id>:<command>" lines; a line without "C:"
// continues the command before it (joined by a line feed).
std::vector<ServerCommand> parse_command_lines(std::string_view body);

// An upload acknowledgement the terminal accepts: "OK", "OK: n", "OK:n".
bool is_upload_ack(std::string_view body);

// Seconds since the epoch from an RFC 1123 Date header; 0 if unparseable.
long long parse_http_date(std::string_view date);

}  // namespace zkpush::sim
