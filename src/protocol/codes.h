// The protocol's code tables, as data, in one place: command return codes,
// enrolment return codes, language codes, ATTLOG status and verify codes,
// OPLOG operation codes, alarm reasons and biometric types.
//
// Every lookup returns "" for a code no table defines: terminals send codes
// outside the documents (ACC-16, ACC-23; R19's status 255 is in no spec),
// and the caller stores the raw integer either way. Sources are cited per
// table in codes.cc.
#pragma once

#include <string>
#include <string_view>

namespace zkpush::protocol {

// devicecmd `Return=` (004 Appendix 1; field-lessons §5.14; -629 from PUSH
// 3.x access firmware rejecting DATA QUERY USERINFO, B4). 0 = success.
// Positive values are counts (PutFile bytes, DATA QUERY rows, SyncData) and
// have no message here; see command_return_message for per-command codes.
std::string_view return_code_message(int code);

// The meaning of `code` in the reply to `command` (the command text as
// queued, without "C:<id>:"). A command's own codes come first:
//   ENROLL_FP, ENROLL_BIO  2, 4, 5, 6, 7 (004 Appendix 1; 000:L586-590)
//   ENROLL_MF              4, 5, 6 (004 §12.6.2; AMB-36: 5 is a timeout here)
//   GetFile -2             the file is not on the device (SpeedFace-V5L, B6)
//   DATA QUERY ATTLOG -1   also "nothing in the window" on the V5L (B6)
//   PutFile with Action=SyncData, n > 0: n commands processed (Appendix 1)
// then Appendix 1. "" for other positive values and unknown codes.
std::string command_return_message(std::string_view command, int code);

// `language=` in the handshake (004 Appendix 2): the code as sent, e.g. "83".
// Surrounding blanks are ignored. "" for unknown or absent.
std::string_view language_name(std::string_view code);

// Whether text from a device with this `language=` is GB2312 (GBK) rather
// than UTF-8 (004:L226-235, 003:L19-20): only 83, Simplified Chinese.
// Traditional Chinese (84) is not covered by any document and stays UTF-8.
bool is_gb2312_language(std::string_view code);

// ATTLOG STATUS (000:L101-110, 002:L357-365; 255 = no state key pressed, R19).
std::string_view attlog_status_name(int code);

// ATTLOG VERIFY. The documents disagree (AMB-12): legacy devices (000/002,
// no pushver) use 0 password, 1 fingerprint, 2 card, 9 other; current
// firmware writes 004 Appendix 7 modes (R09: 15 face, 1 fingerprint).
std::string_view attlog_verify_name(int code, bool legacy_device);

// USERINFO Verify= and current-firmware ATTLOG VERIFY (004 Appendix 7).
std::string_view verify_mode_name(int code);

// OPLOG OpType (004 Appendix 3, plus 002's 65/66 which 004 dropped).
// 003's conflicting table (AMB-11) is deliberately not used.
std::string_view oplog_name(int code);

// OPLOG alarm reasons, OpType 3 operand (004 Appendix 5; 000:L148).
std::string_view alarm_reason_name(int code);

// BIODATA Type= (004 §11.12, Appendix 10).
std::string_view bio_type_name(int code);

}  // namespace zkpush::protocol
