// Internal to the upload codec: one function per record kind, turning the
// fields of one line into a typed record appended to `out`. Each returns an
// error whose message is the rejection reason; the caller records the line
// in `out.rejected` and counts it either way (upload.h).
#pragma once

#include <string_view>

#include "protocol/kv_line.h"
#include "protocol/records.h"
#include "util/error.h"

namespace zkpush::protocol {

// OPLOG: "OpType\tOpWho\tOpTime\tValue1\tValue2\tValue3\tReserved" — the text
// after "OPLOG ", or a whole 003 prefix-less line (oplog_record.cc).
Status add_oplog(std::string_view positional, ParsedUpload& out);

// USER (004 §11.5) and 003's table=USERINFO rows (user_record.cc).
Status add_user(const KvViews& fields, ParsedUpload& out);

// FP, FACE, FVEIN, BIODATA and 003's table=FINGERTMP rows (template_record.cc).
Status add_template(TemplateKind kind, const KvViews& fields, ParsedUpload& out);

// USERPIC (kUser) and BIOPHOTO (kBiometric) with base64 Content (photo_record.cc).
Status add_photo(PhotoKind kind, const KvViews& fields, ParsedUpload& out);

// Dispatches on the tag, matched ignoring case: the kinds above, ERRORLOG,
// and GenericRecord{upper-case tag} for IDCARD, WORKCODE and anything unknown
// (tagged_record.cc).
Status add_tagged_record(std::string_view tag, const KvViews& fields, ParsedUpload& out);

// The line loop shared by table=OPERLOG and the per-table bodies
// (operlog.cc). Lines without a tag are read as `untagged_tag` records
// ("USER" for USERINFO, "FP" for FINGERTMP, "BIODATA"...); when
// `untagged_tag` is empty (OPERLOG) a line starting with a digit is 003's
// prefix-less OPLOG and any other untagged line is rejected.
void parse_record_lines(std::string_view body, std::string_view untagged_tag, ParsedUpload& out);

}  // namespace zkpush::protocol
