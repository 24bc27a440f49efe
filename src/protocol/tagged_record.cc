// Dispatch of a tagged OPERLOG line to its record kind (004 §11.4-11.16,
// ACC-19): the tag is matched ignoring case. ERRORLOG (004 §11.16) is
// mapped here; IDCARD (004 §11.6), WORKCODE and any tag we do not know become
// GenericRecord{upper-case tag, fields} so nothing a terminal sends is lost;
// a tag without any field is rejected (and so still stored verbatim).
#include <string>

#include "protocol/text.h"
#include "protocol/upload_records.h"

namespace zkpush::protocol {
namespace {

Status add_errorlog(const KvViews& fields, ParsedUpload& out) {
  if (fields.empty()) return Error::invalid("ERRORLOG without fields");
  auto get = [&fields](std::string_view key) {
    return std::string(find_kv(fields, key).value_or(""));
  };
  out.errorlogs.push_back(ErrorlogRecord{get("ErrCode"), get("ErrMsg"), get("DataOrigin"),
                                         get("CmdId"), get("Additional")});
  return Status::success();
}

}  // namespace

Status add_tagged_record(std::string_view tag, const KvViews& fields, ParsedUpload& out) {
  if (iequals(tag, "USER")) return add_user(fields, out);
  if (iequals(tag, "FP")) return add_template(TemplateKind::kFingerprint, fields, out);
  if (iequals(tag, "FACE")) return add_template(TemplateKind::kFace, fields, out);
  if (iequals(tag, "FVEIN")) return add_template(TemplateKind::kFingerVein, fields, out);
  if (iequals(tag, "BIODATA")) return add_template(TemplateKind::kBiodata, fields, out);
  if (iequals(tag, "USERPIC")) return add_photo(PhotoKind::kUser, fields, out);
  if (iequals(tag, "BIOPHOTO")) return add_photo(PhotoKind::kBiometric, fields, out);
  if (iequals(tag, "ERRORLOG")) return add_errorlog(fields, out);
  // A bare word is not a record (R14's broken TMP would otherwise become a
  // "table" named after a base64 fragment).
  if (fields.empty()) return Error::invalid("unknown line without fields");
  out.generic.push_back(GenericRecord{to_upper(tag), to_fields(fields)});
  return Status::success();
}

}  // namespace zkpush::protocol
