// cdata bodies by table name (004 §11, 003 §4-6, ACC-24; INDEX B4, B9):
//   ATTLOG, OPERLOG           -> their own parsers
//   BIODATA, IDCARD, ERRORLOG -> tagged lines, the "BIODATA "/"IDCARD "/
//                                "ERRORLOG " prefix optional (003 omits it;
//                                capture R18 has it)
//   USERINFO (003)            -> USER rows without the prefix
//   FINGERTMP (003)           -> FP rows without the prefix
//   anything else             -> one GenericRecord{table, fields} per line
// The last case covers PUSH 3.x uploads we do not interpret yet: rtlog rows
// "time=...\tpin=..." (R21) and tabledata rows "user uid=13\tcardno=..."
// (R22, R23). A leading word without '=' ("user", "biodata") is kept as the
// first field under the key "_tag", so the row's kind survives; a row that
// is nothing but that word is still kept.
#include <string>

#include "protocol/kv_line.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "protocol/upload_records.h"

namespace zkpush::protocol {
namespace {

void parse_generic_rows(std::string_view table, std::string_view body, ParsedUpload& out) {
  std::string name = to_upper(trim(table));
  for_each_line(body, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty()) return;
    ++out.lines;
    TaggedLine tagged = split_tag(line);
    GenericRecord r{name, {}};
    if (!tagged.tag.empty()) r.fields.emplace_back("_tag", std::string(tagged.tag));
    for (auto& [k, v] : split_kv_fields(tagged.rest)) r.fields.emplace_back(k, v);
    out.generic.push_back(std::move(r));
  });
}

}  // namespace

void parse_table(std::string_view table, std::string_view body, ParsedUpload& out) {
  table = trim(table);
  if (iequals(table, "ATTLOG")) return parse_attlog(body, out);
  if (iequals(table, "OPERLOG")) return parse_operlog(body, out);
  if (iequals(table, "BIODATA")) return parse_record_lines(body, "BIODATA", out);
  if (iequals(table, "IDCARD")) return parse_record_lines(body, "IDCARD", out);
  if (iequals(table, "ERRORLOG")) return parse_record_lines(body, "ERRORLOG", out);
  if (iequals(table, "USERINFO")) return parse_record_lines(body, "USER", out);
  if (iequals(table, "FINGERTMP")) return parse_record_lines(body, "FP", out);
  parse_generic_rows(table, body, out);
}

}  // namespace zkpush::protocol
