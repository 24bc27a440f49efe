// The line loop for tagged record bodies: table=OPERLOG (004 §11.4-11.15,
// ACC-19: USER, FP, OPLOG, FACE, USERPIC, FVEIN, BIOPHOTO... mixed in one
// body) and the per-table forms that parse_table hands over (BIODATA, IDCARD,
// ERRORLOG, 003's USERINFO and FINGERTMP without prefixes, ACC-24).
//
// Each non-blank line is one record: "OPLOG" is positional (oplog_record.cc),
// every other tag is key=value (kv_line.h) dispatched by tagged_record.cc; a
// line starting with a digit under OPERLOG is 003's prefix-less OPLOG
// (ACC-23, 003 §3).
//
// Continuation lines (capture R14): a template line whose TMP ends the line
// may be followed by lines that hold nothing but base64 characters and
// blanks — the CRLF+TAB that JSON logging put inside R14's first TMP. Such a
// line is not a record: its base64 characters are appended to that TMP and
// the line is not counted in `lines`, so `lines` stays equal to records
// plus rejected lines. A line whose first word is a known tag is never a
// continuation. Any other untagged line is rejected (and counted).
#include <string>

#include "protocol/kv_line.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "protocol/upload_records.h"

namespace zkpush::protocol {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' || c == '/';
}

bool is_known_tag(std::string_view word) {
  for (std::string_view tag : {"OPLOG", "USER", "FP", "FACE", "FVEIN", "BIODATA", "USERPIC",
                               "BIOPHOTO", "IDCARD", "WORKCODE", "ERRORLOG"})
    if (iequals(word, tag)) return true;
  return false;
}

bool is_template_tag(std::string_view tag) {
  return iequals(tag, "FP") || iequals(tag, "FACE") || iequals(tag, "FVEIN") ||
         iequals(tag, "BIODATA");
}

// Base64 characters and blanks only, '=' only as trailing padding.
bool is_tmp_continuation(std::string_view line) {
  if (is_known_tag(line.substr(0, line.find_first_of(" \t")))) return false;
  std::size_t end = line.size();
  while (end > 0 && (line[end - 1] == '=' || is_blank(line[end - 1]))) --end;
  for (std::size_t i = 0; i < end; ++i)
    if (!is_base64_char(line[i]) && !is_blank(line[i])) return false;
  return end > 0;
}

void append_without_blanks(std::string& tmp, std::string_view line) {
  for (char c : line)
    if (!is_blank(c)) tmp.push_back(c);
}

// Parses one trimmed line; sets `template_open` when it produced a template
// whose TMP is the line's last field.
Status parse_line(std::string_view line, std::string_view untagged_tag, ParsedUpload& out,
                  bool& template_open) {
  if (untagged_tag.empty() && is_digit(line.front())) return add_oplog(line, out);
  TaggedLine tagged = split_tag(line);
  std::string_view tag = tagged.tag;
  if (tag.empty()) {
    if (untagged_tag.empty()) return Error::invalid("line has no record tag");
    tag = untagged_tag;
  }
  if (iequals(tag, "OPLOG")) return add_oplog(tagged.rest, out);
  KvViews fields = split_kv_fields(tagged.rest);
  Status s = add_tagged_record(tag, fields, out);
  template_open =
      s.ok() && is_template_tag(tag) && !fields.empty() && iequals(fields.back().first, "TMP");
  return s;
}

}  // namespace

void parse_record_lines(std::string_view body, std::string_view untagged_tag, ParsedUpload& out) {
  bool template_open = false;
  for_each_line(body, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty()) return;
    if (template_open && is_tmp_continuation(line)) {
      append_without_blanks(out.templates.back().tmp, line);
      return;
    }
    template_open = false;
    ++out.lines;
    Status s = parse_line(line, untagged_tag, out, template_open);
    if (!s.ok()) out.rejected.push_back(RejectedLine{std::string(raw), s.error().message});
  });
}

void parse_operlog(std::string_view body, ParsedUpload& out) { parse_record_lines(body, "", out); }

}  // namespace zkpush::protocol
