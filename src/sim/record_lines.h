// The terminal's records as upload lines, in the shapes firmware sends
// (004 §11.2-11.15; captures R03-R06, R14, R16, R18, R31, R32), for query
// answers, enrolments and the uploader. Each function returns one line
// without its line break (join_lines adds them), or for ATTPHOTO a whole body.
//
// What a line carries is exactly what the server's codec reads back
// (protocol/upload.h): the tests parse every shape with parse_attlog,
// parse_operlog and parse_table and compare the records.
//
// Injection guard (as protocol/format.cc): a value holding TAB, CR, LF or
// NUL would forge extra fields or lines, so those characters become a space.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/records.h"
#include "sim/command_executor.h"
#include "sim/terminal_db.h"

namespace zkpush::sim {

// "PIN\tTime\tStatus\tVerify\tWorkCode\tReserved1\tReserved2[\textra...]"
// (004 §11.2; B8: 7 fields, or 11 with MaskFlag/temperatures/sequence).
std::string attlog_line(const protocol::AttlogRecord& record);

// "OPLOG OpType\tOpWho\tOpTime\tValue1\tValue2\tValue3\tReserved" (004 §11.4; R14).
std::string oplog_line(const protocol::OplogRecord& record);

// "USER PIN=..\tName=..\tPri=..\tPasswd=..\tCard=..\tGrp=..\tTZ=..\tVerify=..\tViceCard=.."
// then StartDatetime/EndDatetime when set, then the extra keys (R16, R32).
// Firmware always sends the nine keys: one the terminal was never given goes
// out with the device default (Pri=0, Grp=1, TZ=0000000100000000, Verify=-1
// as in R04/R16/R32; the others empty).
std::string user_line(const protocol::UserRecord& user);

// FP / FACE / FVEIN / BIODATA by kind, keys spelled as each section of 004
// prints them (FACE: SIZE/VALID; FVEIN and BIODATA: Pin/Tmp). Size is the
// length of the TMP text.
std::string template_line(const protocol::TemplateRecord& tmpl);

// "USERPIC PIN=..\tFileName=<PIN>.jpg\tSize=<base64 length>\tContent=<base64>" (004 §11.13).
std::string user_photo_line(std::string_view pin, std::string_view jpeg);

// "BIOPHOTO PIN=..\tFileName=..\tType=..\tSize=..\tContent=.." (004 §11.15);
// FileName defaults to "<PIN>.jpg".
std::string biophoto_line(const protocol::PhotoRecord& photo);

// ATTPHOTO body (004 §11.3): "PIN=<filename>\nSN=<sn>\nsize=<n>\nCMD=uploadphoto\0<jpeg>".
std::string attphoto_body(const protocol::PhotoRecord& photo, std::string_view sn);

// An upload body: every line followed by LF.
std::string join_lines(const std::vector<std::string>& lines);

// The key=value lines of an INFO reply (004 §12.4.3, capture R27), each
// followed by LF: identity and counts first, in R27's order, then every
// option the terminal holds that is not already listed. Counts come from the
// database; other values from `db.options` when set there, else defaults.
std::string info_reply_lines(const TerminalDb& db, const TerminalIdentity& terminal);

}  // namespace zkpush::sim
