// Remote enrolment (004 §12.6): the server asks the terminal to enrol a
// fingerprint, a card or another biometric. The emulated person always
// succeeds on the first try; what they present is synthetic but stable
// (derived from the terminal, PIN, kind and time), so a test can recompute it.
//
//   ENROLL_FP PIN=\tFID=\tRETRY=\tOVERWRITE=          -> FP line, table=OPERLOG
//   ENROLL_MF PIN=\tRETRY=                            -> USER line with Card=
//   ENROLL_BIO TYPE=\tPIN=\tCardNo=\tRETRY=\tOVERWRITE= -> BIODATA line, table=BIODATA
//
// OVERWRITE: 004 says 0 keep / 1 overwrite, 000 and 002 say 1 overwrite /
// 2 keep (AMB-05). Both agree that 1 overwrites and nothing else does, so
// that is the rule for every dialect; an absent OVERWRITE keeps. Keeping a
// template that exists answers 2, "fingerprints of the user already exist"
// (004 Appendix 1). A PIN the terminal does not have is enrolled as a new
// user, as the enrolment screen does, and its USER line goes up first.
// Missing PIN, TYPE or FID, a FID outside 0-9, or a number that is not one:
// -1. The uploads precede the reply (AMB-42).
#include <cstdint>

#include "protocol/upload.h"
#include "sim/command_args.h"
#include "sim/command_handlers.h"
#include "sim/command_reply.h"
#include "sim/record_lines.h"
#include "sim/synthetic.h"
#include "sim/terminal_db_ops.h"
#include "sim/upload_packs.h"

namespace zkpush::sim {
namespace {

using protocol::TemplateKind;
using protocol::TemplateRecord;

std::string seed_of(const CommandContext& c, std::string_view what, std::string_view pin, int no) {
  std::string seed(c.terminal.sn);
  seed.append("|").append(what).append("|").append(pin).append("|").append(std::to_string(no));
  seed.append("|").append(c.now);
  return seed;
}

// Algorithm versions per BIODATA type: 1 as a SenseFace 3A reports (R18),
// 2 and 7 as R27's FaceVersion/FvVersion.
void set_versions(TemplateRecord& t) {
  // Assigned by move: assigning short literals trips GCC 12's false -Wrestrict (bug 105329).
  t.major_ver = std::string(t.bio_type == 1 ? "13" : t.bio_type == 2 ? "7" : t.bio_type == 7 ? "3" : "1");
  t.minor_ver = std::string("0");
  t.format = std::string("0");
}

// Makes sure the user exists; returns whether it had to be created.
bool ensure_user(TerminalDb& db, std::string_view pin) {
  if (db.users.contains(std::string(pin))) return false;
  protocol::UserRecord user;
  user.pin = std::string(pin);
  upsert_user(db, user);
  return true;
}

CommandOutcome reply_code(const CommandContext& c, int code, std::string_view cmd) {
  return reply_only(reply_record(c.id, code, cmd));
}

// PIN, RETRY and OVERWRITE, common to ENROLL_FP and ENROLL_BIO.
struct EnrollArgs {
  std::string_view pin;
  bool overwrite = false;
};

bool read_enroll_args(const Args& args, EnrollArgs& out) {
  std::optional<int> retry, overwrite;
  auto pin = nonempty_arg(args, "PIN");
  if (!pin || !int_arg(args, "RETRY", retry) || !int_arg(args, "OVERWRITE", overwrite)) return false;
  out.pin = *pin;
  out.overwrite = overwrite == 1;
  return true;
}

// Stores the new template (creating the user if needed); the OPERLOG lines
// for the user (when created or changed) go to `user_lines`.
void enrol(const CommandContext& c, TemplateRecord t, std::vector<std::string>& user_lines) {
  if (ensure_user(c.db, t.pin)) user_lines.push_back(user_line(c.db.users.at(t.pin)));
  const bool finger = t.kind == TemplateKind::kFingerprint;
  const std::size_t bytes = finger || t.bio_type == 1 ? 1200 : 1650;
  const std::string seed = seed_of(c, finger ? "FP" : "BIODATA", t.pin, finger ? t.no : t.bio_type);
  t.tmp = protocol::encode_base64(synthetic_bytes(seed, bytes));
  t.size = static_cast<int>(t.tmp.size());
  upsert_template(c.db, std::move(t));
}

}  // namespace

CommandOutcome execute_enroll_fp(const CommandContext& c, std::string_view rest) {
  const Args args = parse_args(rest);
  EnrollArgs e;
  std::optional<int> fid;
  if (!read_enroll_args(args, e) || !int_arg(args, "FID", fid) || !fid || *fid < 0 || *fid > 9)
    return reply_code(c, ret::kBadParameter, "ENROLL_FP");
  TemplateRecord t;
  t.kind = TemplateKind::kFingerprint;
  t.pin = std::string(e.pin);
  t.bio_type = 1;
  t.no = *fid;
  if (find_template(c.db, t) && !e.overwrite) return reply_code(c, ret::kEnrollExists, "ENROLL_FP");
  std::vector<std::string> lines;
  enrol(c, t, lines);
  lines.push_back(template_line(*find_template(c.db, t)));
  CommandOutcome outcome = reply_code(c, ret::kOk, "ENROLL_FP");
  outcome.uploads.push_back(record_upload("OPERLOG", join_lines(lines)));
  return outcome;
}

CommandOutcome execute_enroll_mf(const CommandContext& c, std::string_view rest) {
  // 004 §12.6.2: the card read is stored as the user's card (decimal form,
  // 004 §12.1.1.1 format b).
  const Args args = parse_args(rest);
  std::optional<int> retry;
  auto pin = nonempty_arg(args, "PIN");
  if (!pin || !int_arg(args, "RETRY", retry)) return reply_code(c, ret::kBadParameter, "ENROLL_MF");
  protocol::UserRecord user;
  user.pin = std::string(*pin);
  user.card = std::to_string(fnv1a(seed_of(c, "MF", *pin, 0)) % 4000000000ull + 100000000ull);
  upsert_user(c.db, user);
  CommandOutcome outcome = reply_code(c, ret::kOk, "ENROLL_MF");
  outcome.uploads.push_back(record_upload("OPERLOG", join_lines({user_line(c.db.users.at(user.pin))})));
  return outcome;
}

CommandOutcome execute_enroll_bio(const CommandContext& c, std::string_view rest) {
  const Args args = parse_args(rest);
  EnrollArgs e;
  std::optional<int> type;
  if (!read_enroll_args(args, e) || !int_arg(args, "TYPE", type) || !type || *type < 0)
    return reply_code(c, ret::kBadParameter, "ENROLL_BIO");
  TemplateRecord t;
  t.kind = TemplateKind::kBiodata;
  t.pin = std::string(e.pin);
  t.bio_type = *type;
  set_versions(t);
  if (find_template(c.db, t) && !e.overwrite) return reply_code(c, ret::kEnrollExists, "ENROLL_BIO");
  std::vector<std::string> user_lines;
  enrol(c, t, user_lines);
  if (auto card = nonempty_arg(args, "CardNo")) {
    protocol::UserRecord user;
    user.pin = t.pin;
    user.card = std::string(*card);
    upsert_user(c.db, user);
    user_lines.assign({user_line(c.db.users.at(t.pin))});
  }
  CommandOutcome outcome = reply_code(c, ret::kOk, "ENROLL_BIO");
  if (!user_lines.empty()) outcome.uploads.push_back(record_upload("OPERLOG", join_lines(user_lines)));
  outcome.uploads.push_back(record_upload("BIODATA", join_lines({template_line(*find_template(c.db, t))})));
  return outcome;
}

}  // namespace zkpush::sim
