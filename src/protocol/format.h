// Everything the server writes to a terminal: handshake blocks, command
// lines, upload acknowledgements, remote-attendance answers. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/records.h"

namespace zkpush::protocol {

// "GET OPTION FROM: <sn>\n" followed by "key=value\n" per option, in order.
std::string format_handshake(std::string_view sn, const Fields& options);

// TransFlag value. Format II ("TransData AttLog\tOpLog\t...") for devices that
// announced pushver; format I digits for legacy devices (EMIT-02): 10 digits,
// or 12 with WorkCode and BioPhoto. `names` are format II names (AttLog,
// OpLog, AttPhoto, EnrollUser, ChgUser, EnrollFP, ChgFP, FPImag, FACE,
// UserPic, WORKCODE, BioPhoto); unknown names are ignored for format I.
std::string format_trans_flag(const std::vector<std::string>& names, bool legacy_digits);

// Appends "C:<id>:<command>\n" (004 §12).
void append_command_line(std::string& out, std::string_view id, std::string_view command);

// Upload acknowledgement: "OK: <n>" (004 §11.2; captures B1: n >= 1) or plain
// "OK" for legacy devices and for tables the spec acknowledges with OK.
std::string format_upload_ack(int lines, bool with_count);

// DATA UPDATE USERINFO line (004 §12.1.1.1), without "C:id:" prefix.
std::string format_user_update(const UserRecord& user);
// DATA UPDATE FINGERTMP / FACE / FVEIN / BIODATA line for a template.
std::string format_template_update(const TemplateRecord& tmpl);

// Remote attendance answer (004 §14): user line, template lines, then "OK".
std::string format_remote_attendance(const UserRecord& user,
                                     const std::vector<TemplateRecord>& templates);

// 002 background verification answer (EMIT-11).
std::string format_auth_success(const UserRecord& user);
inline constexpr std::string_view kAuthFailed = "AUTH=Failed\n";

}  // namespace zkpush::protocol
