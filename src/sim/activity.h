// What happens at an emulated terminal without the server asking: a person
// enrols at the terminal's menu (the user, a fingerprint and, on firmware that
// speaks BIODATA, a face), which the operation log records; a punch taken with
// the camera on leaves an attendance photo. Pure: the caller passes the time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/records.h"
#include "sim/terminal_db.h"

namespace zkpush::sim {

// A line waiting for upload, with the TransFlag name that allows it (004 §5
// format II) and the table it goes up in.
struct PendingLine {
  std::string flag;   // "EnrollUser", "EnrollFP", "FACE", "OpLog"
  std::string table;  // "OPERLOG" or "BIODATA"
  std::string line;   // UTF-8; the uploader converts to the terminal's charset
};

// Operation codes of 004 Appendix 3 the emulator produces.
namespace op {
inline constexpr int kStartup = 0;
inline constexpr int kEnrollFingerprint = 6;
inline constexpr int kEnrollNewUser = 30;
}  // namespace op

// Appends an operation log row by the administrator "0" (004 §11.4).
void log_operation(TerminalDb& db, int op_type, std::string_view now, std::string_view value1 = "");

// Enrols `user` with fingerprint 0 (FP line, or a BIODATA Type=1 line when
// `biodata` firmware) and, with `biodata`, a visible-light face (Type=9);
// logs "enroll a new user" and "enroll fingerprint". Returns the lines to upload
// (USER first, then the templates), the operation rows go to db.oplogs.
std::vector<PendingLine> enrol_at_terminal(TerminalDb& db, std::string_view sn, const protocol::UserRecord& user,
                                           std::string_view now, bool biodata);

// The attendance photo a punch took: "YYYYMMDDHHMMSS-PIN.jpg" (000:L221) and a
// small JPEG unique to the terminal and punch.
protocol::PhotoRecord attendance_photo(const protocol::AttlogRecord& punch, std::string_view sn);

}  // namespace zkpush::sim
