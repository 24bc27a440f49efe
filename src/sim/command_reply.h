// The reply records a terminal posts to /iclock/devicecmd (004 §13), in the
// shapes each generation uses, and the return codes it puts in them.
//
//   ID=<id>&Return=<n>&CMD=<cmd>          004, every one-line reply
//   ID=<id>&SN=<sn>&Return=<n>&CMD=<cmd>  000/002 CHECK, SET OPTION (000:L329, L470)
//   ID=<id>&SN=<sn>&Return=<n>            000/002 RELOAD OPTIONS (000:L564; AMB-08)
//   ID=<id>&Return=<n>                    000/002 CLEAR LOG/DATA/PHOTO (000:L359; AMB-08)
// The multi-line replies (INFO, Shell, GetFile, PutFile) are built by their
// commands. A reply never ends with a line break: the terminal joins the
// replies of one poll with LF (R34).
#pragma once

#include <string>
#include <string_view>

#include "sim/command_executor.h"

namespace zkpush::sim {

// Return codes (004 Appendix 1; 002 per command; field notes B5/B6).
namespace ret {
inline constexpr int kOk = 0;
inline constexpr int kBadParameter = -1;       // also 002: DELETE USERPIC/FACE of an unknown user
inline constexpr int kPhotoSize = -2;          // USERPIC/BIOPHOTO Size wrong
inline constexpr int kLegacyMissing = -2;      // 002: FACE for an unknown user, photo/face to delete missing
inline constexpr int kNoSuchFile = -2;         // GetFile of a file that is not there (B6)
inline constexpr int kTemplateSize = -9;       // template does not match Size
inline constexpr int kNoSuchUser = -10;        // PIN not on the device
inline constexpr int kNotSupported = -1002;    // unknown command (B6: USER ADD, DATA DEL)
inline constexpr int kConfigMismatch = -1004;  // unknown table (B5, B6: DATA QUERY OPTIONS)
inline constexpr int kEnrollExists = 2;        // ENROLL_FP/BIO: the user already has it
}  // namespace ret

std::string reply_record(std::string_view id, long long code, std::string_view cmd);
std::string reply_with_sn(std::string_view id, std::string_view sn, long long code, std::string_view cmd);
std::string reply_without_cmd(std::string_view id, long long code);

// An outcome that is nothing but its reply.
CommandOutcome reply_only(std::string reply);

}  // namespace zkpush::sim
