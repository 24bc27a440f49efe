// DATA DELETE <table> (004 §12.1.2).
//
//   USERINFO PIN=                  the user and their templates and photos (§12.1.2.1)
//   FINGERTMP PIN=[\tFID=]         one finger, or all of them (§12.1.2.2)
//   FACE PIN=                      the user's faces (§12.1.2.3)
//   FVEIN Pin=[\tFID=]             (§12.1.2.4)
//   BIODATA Pin=[\tType=[\tNo=]]   (§12.1.2.5)
//   USERPIC PIN=, BIOPHOTO PIN=    (§12.1.2.6-7)
//   SMS UID=, WORKCODE CODE=, ADPIC Index=, BLACKLIST/WHITELIST IDNum= ...
//                                  the matching rows (generic_tables.h)
// Deleting what is not there succeeds (004 lists no code for it), except
// on legacy terminals for USERPIC and FACE, where 002 defines -1 "user does
// not exist" and -2 "photo does not exist" (002:L979-1003). A missing PIN
// or a FID that is not a number is -1.
#include <algorithm>

#include "protocol/text.h"
#include "sim/command_reply.h"
#include "sim/data_ops.h"
#include "sim/generic_tables.h"
#include "sim/terminal_db_ops.h"

namespace zkpush::sim {
namespace {

using protocol::TemplateKind;
using protocol::TemplateRecord;

// Removes the templates of `kind` for `pin` whose `number` (FID/No) and
// BIODATA `type` match when given. Returns how many went.
std::size_t erase_templates(TerminalDb& db, TemplateKind kind, std::string_view pin, std::optional<int> number,
                            std::optional<int> type = std::nullopt) {
  return std::erase_if(db.templates, [&](const TemplateRecord& t) {
    return t.kind == kind && t.pin == pin && (!number || t.no == *number) && (!type || t.bio_type == *type);
  });
}

int delete_templates(TerminalDb& db, bool legacy, TemplateKind kind, const Args& args) {
  auto pin = nonempty_arg(args, "PIN");
  std::optional<int> number, type;
  const bool biodata = kind == TemplateKind::kBiodata;
  if (!pin || !int_arg(args, biodata ? "No" : "FID", number) || !int_arg(args, "Type", type)) return ret::kBadParameter;
  if (legacy && kind == TemplateKind::kFace && !db.users.contains(std::string(*pin))) return ret::kBadParameter;
  const std::size_t removed = erase_templates(db, kind, *pin, number, biodata ? type : std::nullopt);
  if (legacy && kind == TemplateKind::kFace && removed == 0) return ret::kLegacyMissing;
  return ret::kOk;
}

int delete_user_photo(TerminalDb& db, bool legacy, const Args& args) {
  auto pin = nonempty_arg(args, "PIN");
  if (!pin) return ret::kBadParameter;
  const std::string key(*pin);
  if (legacy && !db.users.contains(key)) return ret::kBadParameter;
  const bool removed = db.user_photos.erase(key) > 0;
  return legacy && !removed ? ret::kLegacyMissing : ret::kOk;
}

}  // namespace

int data_delete(TerminalDb& db, bool legacy, std::string_view table, const Args& args) {
  if (protocol::iequals(table, "USERINFO")) {
    auto pin = nonempty_arg(args, "PIN");
    if (!pin) return ret::kBadParameter;
    erase_user(db, *pin);
    return ret::kOk;
  }
  if (auto kind = template_kind(table)) return delete_templates(db, legacy, *kind, args);
  if (protocol::iequals(table, "USERPIC")) return delete_user_photo(db, legacy, args);
  if (auto name = generic_table(table)) return delete_rows(db, *name, args) ? ret::kOk : ret::kBadParameter;
  return ret::kConfigMismatch;
}

}  // namespace zkpush::sim
