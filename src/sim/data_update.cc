// DATA UPDATE <table> (004 §12.1.1): add or modify, whichever applies.
//
// The arguments of USERINFO and of the template tables are the keys of the
// matching upload lines (004 §11.5, §11.9-11.12 vs §12.1.1.1-6), so the
// codec's readers (protocol/upload_records.h) turn them into records: one
// reading of PIN/Pin, Size/SIZE, Valid/VALID for both directions.
//
// Return codes (004 Appendix 1; 000:L502-530; 002:L895-950):
//   -1  missing PIN or TMP/Content, a number that is not one, bad base64, FID
//       outside 0-9 for a fingerprint or finger vein;
//   -9  a template whose Size is not the length of its TMP text;
//   -10 a template for a PIN the terminal does not have ("add it with DATA
//       UPDATE USERINFO first", 000:L522); a legacy FACE answers -2 instead
//       (002:L946);
//   -2  USERPIC or BIOPHOTO whose Size is not the length of its Content.
// 002's literal face key "VAILD" (AMB-24) is read as Valid.
#include "protocol/text.h"
#include "protocol/upload.h"
#include "protocol/upload_records.h"
#include "sim/command_reply.h"
#include "sim/data_ops.h"
#include "sim/generic_tables.h"
#include "sim/terminal_db_ops.h"

namespace zkpush::sim {
namespace {

using protocol::TemplateKind;

int update_user(TerminalDb& db, const Args& args) {
  protocol::ParsedUpload parsed;
  if (!protocol::add_user(args, parsed).ok()) return ret::kBadParameter;
  upsert_user(db, parsed.users.front());
  return ret::kOk;
}

int update_template(TerminalDb& db, bool legacy, TemplateKind kind, const Args& args) {
  protocol::ParsedUpload parsed;
  if (!protocol::add_template(kind, args, parsed).ok()) return ret::kBadParameter;
  protocol::TemplateRecord t = std::move(parsed.templates.front());
  if (kind == TemplateKind::kFace && !arg(args, "Valid")) {
    std::optional<int> vaild;
    if (!int_arg(args, "VAILD", vaild)) return ret::kBadParameter;
    if (vaild) t.valid = *vaild;
  }
  const bool per_finger = kind == TemplateKind::kFingerprint || kind == TemplateKind::kFingerVein;
  if (per_finger && (t.no < 0 || t.no > 9)) return ret::kBadParameter;
  if (t.size && static_cast<std::size_t>(*t.size) != t.tmp.size()) return ret::kTemplateSize;
  if (!db.users.contains(t.pin)) return kind == TemplateKind::kFace && legacy ? ret::kLegacyMissing : ret::kNoSuchUser;
  t.size = static_cast<int>(t.tmp.size());
  upsert_template(db, std::move(t));
  return ret::kOk;
}

// Size, when sent, must be the length of the base64 Content (004 §12.1.1.7).
// The caller has checked that Size is absent or an integer.
bool size_matches(const Args& args) {
  std::optional<int> size;
  if (!int_arg(args, "Size", size) || !size) return true;
  auto content = arg(args, "Content");
  return content && *size >= 0 && static_cast<std::size_t>(*size) == content->size();
}

int update_user_photo(TerminalDb& db, const Args& args) {
  std::optional<int> size;
  if (!int_arg(args, "Size", size)) return ret::kBadParameter;
  protocol::ParsedUpload parsed;
  if (!protocol::add_photo(protocol::PhotoKind::kUser, args, parsed).ok()) return ret::kBadParameter;
  if (!size_matches(args)) return ret::kPhotoSize;
  protocol::PhotoRecord& photo = parsed.photos.front();
  db.user_photos[photo.pin] = std::move(photo.bytes);
  return ret::kOk;
}

// BIOPHOTO (004 §12.1.1.8): Content in base64 mode (Format=0, the default),
// Url in url mode (Format=1). Kept as sent, as a row.
int update_biophoto(TerminalDb& db, const Args& args) {
  std::optional<int> format, size;
  if (!int_arg(args, "Format", format) || !int_arg(args, "Size", size)) return ret::kBadParameter;
  if (format.value_or(0) == 1) {
    if (!nonempty_arg(args, "Url")) return ret::kBadParameter;
  } else {
    auto content = nonempty_arg(args, "Content");
    if (!content || !protocol::decode_base64(*content).ok()) return ret::kBadParameter;
    if (!size_matches(args)) return ret::kPhotoSize;
  }
  return upsert_row(db, "BIOPHOTO", args) ? ret::kOk : ret::kBadParameter;
}

}  // namespace

int data_update(TerminalDb& db, bool legacy, std::string_view table, const Args& args) {
  if (protocol::iequals(table, "USERINFO")) return update_user(db, args);
  if (auto kind = template_kind(table)) return update_template(db, legacy, *kind, args);
  if (protocol::iequals(table, "USERPIC")) return update_user_photo(db, args);
  if (protocol::iequals(table, "BIOPHOTO")) return update_biophoto(db, args);
  if (auto name = generic_table(table)) return upsert_row(db, *name, args) ? ret::kOk : ret::kBadParameter;
  return ret::kConfigMismatch;
}

}  // namespace zkpush::sim
