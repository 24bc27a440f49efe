// DATA QUERY <table> (004 §12.1.3; 002:L1005-1095): the terminal uploads the
// matching records as a query answer (upload_packs.h), then replies
// "ID=..&Return=<records>&CMD=DATA" (B4: Return is the row count).
//
//   ATTLOG StartTime=\tEndTime=     table=ATTLOG, ATTLOG lines; the window
//                                   includes both ends
//   ATTPHOTO StartTime=\tEndTime=   table=ATTPHOTO, one photo per post, by
//                                   the time in the photo's file name
//   USERINFO [PIN=]                 table=OPERLOG, USER lines; no PIN: every
//                                   user (002:L1008, AMB-34)
//   FINGERTMP PIN=[\tFingerID=]     table=OPERLOG, FP lines (FingerID, not
//                                   FID: AMB-35; FID is read too)
//   BIODATA Type=[\tPIN=[\tNo=]]    table=BIODATA, BIODATA lines
//
// Nothing found: Return=0 and no post, except ATTLOG, which real firmware
// answers -1 when the window is empty (SpeedFace-V5L, B6); a server must
// live with that. Missing or malformed times, PIN or Type: -1. Other tables
// (FACE, OPTIONS, TIMEZONE...): -1004 as on the V5L (B6).
#include "protocol/text.h"
#include "sim/command_reply.h"
#include "sim/data_ops.h"
#include "sim/record_lines.h"
#include "sim/upload_packs.h"

namespace zkpush::sim {
namespace {

using protocol::iequals;
using protocol::TemplateKind;

struct Answer {
  std::string table;
  std::vector<std::string> bodies;
  std::size_t count = 0;
};

CommandOutcome answer(const CommandContext& c, Answer a, int code) {
  CommandOutcome outcome;
  outcome.uploads = query_answer(a.table, std::move(a.bodies), a.count, c.id, c.terminal.legacy);
  outcome.reply = reply_record(c.id, code, "DATA");
  return outcome;
}

CommandOutcome bad_parameter(const CommandContext& c) {
  return reply_only(reply_record(c.id, ret::kBadParameter, "DATA"));
}

CommandOutcome lines_answer(const CommandContext& c, std::string table, const std::vector<std::string>& lines) {
  return answer(c, Answer{std::move(table), pack_lines(lines), lines.size()}, static_cast<int>(lines.size()));
}

// "20150731103012-123.jpg" -> "2015-07-31 10:30:12" (004 §11.3).
std::string photo_time(std::string_view filename) {
  if (filename.size() < 14) return {};
  for (char ch : filename.substr(0, 14))
    if (ch < '0' || ch > '9') return {};
  std::string t(filename.substr(0, 4));
  t.append("-").append(filename.substr(4, 2)).append("-").append(filename.substr(6, 2));
  t.append(" ").append(filename.substr(8, 2)).append(":").append(filename.substr(10, 2));
  t.append(":").append(filename.substr(12, 2));
  return t;
}

CommandOutcome query_attlog(const CommandContext& c, const Args& args) {
  auto start = time_arg(args, "StartTime"), end = time_arg(args, "EndTime");
  if (!start || !end) return bad_parameter(c);
  std::vector<std::string> lines;
  for (const auto& a : c.db.attlogs)
    if (a.record.time >= *start && a.record.time <= *end) lines.push_back(attlog_line(a.record));
  if (lines.empty()) return reply_only(reply_record(c.id, ret::kBadParameter, "DATA"));
  return lines_answer(c, "ATTLOG", lines);
}

CommandOutcome query_attphoto(const CommandContext& c, const Args& args) {
  auto start = time_arg(args, "StartTime"), end = time_arg(args, "EndTime");
  if (!start || !end) return bad_parameter(c);
  Answer a{"ATTPHOTO", {}, 0};
  for (const auto& p : c.db.attendance_photos) {
    const std::string time = photo_time(p.photo.filename);
    if (time.empty() || time < *start || time > *end) continue;
    a.bodies.push_back(attphoto_body(p.photo, c.terminal.sn));
  }
  a.count = a.bodies.size();
  const int found = static_cast<int>(a.count);
  return answer(c, std::move(a), found);
}

CommandOutcome query_users(const CommandContext& c, const Args& args) {
  auto pin = nonempty_arg(args, "PIN");
  std::vector<std::string> lines;
  for (const auto& [id, user] : c.db.users)
    if (!pin || id == *pin) lines.push_back(user_line(user));
  return lines_answer(c, "OPERLOG", lines);
}

CommandOutcome query_fingerprints(const CommandContext& c, const Args& args) {
  auto pin = nonempty_arg(args, "PIN");
  std::optional<int> finger, fid;
  if (!pin || !int_arg(args, "FingerID", finger) || !int_arg(args, "FID", fid)) return bad_parameter(c);
  if (!finger) finger = fid;
  std::vector<std::string> lines;
  for (const auto& t : c.db.templates)
    if (t.kind == TemplateKind::kFingerprint && t.pin == *pin && (!finger || t.no == *finger))
      lines.push_back(template_line(t));
  return lines_answer(c, "OPERLOG", lines);
}

CommandOutcome query_biodata(const CommandContext& c, const Args& args) {
  auto pin = nonempty_arg(args, "PIN");
  std::optional<int> type, no;
  if (!int_arg(args, "Type", type) || !type || !int_arg(args, "No", no)) return bad_parameter(c);
  std::vector<std::string> lines;
  for (const auto& t : c.db.templates)
    if (t.kind == TemplateKind::kBiodata && t.bio_type == *type && (!pin || t.pin == *pin) && (!no || t.no == *no))
      lines.push_back(template_line(t));
  return lines_answer(c, "BIODATA", lines);
}

}  // namespace

CommandOutcome data_query(const CommandContext& c, std::string_view table, const Args& args) {
  if (iequals(table, "ATTLOG")) return query_attlog(c, args);
  if (iequals(table, "ATTPHOTO")) return query_attphoto(c, args);
  if (iequals(table, "USERINFO")) return query_users(c, args);
  if (iequals(table, "FINGERTMP")) return query_fingerprints(c, args);
  if (iequals(table, "BIODATA")) return query_biodata(c, args);
  return reply_only(reply_record(c.id, ret::kConfigMismatch, "DATA"));
}

}  // namespace zkpush::sim
