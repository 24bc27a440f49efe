// Tagged key=value record lines: "USER PIN=1\tName=Ali\t...", "FP PIN=1\t...",
// "BIODATA Pin=1\t...", 003's untagged "PIN=1\tName=..." and PUSH 3.x rows
// ("user uid=13\t...", "time=...\tpin=..."). 004 §11.5-11.16, ACC-19..26.
//
// Splitting rules (one place for all of them):
//  - the tag is the first token, ended by a space or a TAB, when that token
//    has no '='; the blanks after it are skipped;
//  - fields are separated by TAB; in addition a run of spaces immediately
//    followed by a key token [A-Za-z_~][A-Za-z0-9_~]* and '=' starts a new
//    field, because the documents print every example with spaces and real
//    firmware sends "Valid=1 TMP=" (capture R32 notes). A value may itself
//    contain spaces ("Name=Zhang San") and '=' (base64 padding): key and value
//    are split at the FIRST '='. Known limit: a value containing " word=" is
//    cut there ("Name=A B=C" gives Name=A and B=C).
//  - empty fields (a trailing TAB, two TABs in a row) are dropped; a field
//    without '=' becomes a key with an empty value;
//  - keys and values are trimmed of blanks (the documents' examples pad with
//    spaces: "ErrMsg=    DataOrigin=cmd"); keys keep their case; look-ups ignore case
//    (PIN/Pin, VALID/Valid, SIZE/Size, TMP/Tmp: ACC-22, ACC-24).
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/records.h"
#include "util/error.h"

namespace zkpush::protocol {

using KvView = std::pair<std::string_view, std::string_view>;
using KvViews = std::vector<KvView>;

struct TaggedLine {
  std::string_view tag;   // "USER", "fp", "user"...; empty when the line has none
  std::string_view rest;  // the key=value text after the tag
};

// Separates the tag (if any) from the fields. `line` should be trimmed.
TaggedLine split_tag(std::string_view line);

// Splits key=value text into fields by the rules above.
KvViews split_kv_fields(std::string_view text);

// The value of the first field whose key equals `key` ignoring case.
std::optional<std::string_view> find_kv(const KvViews& fields, std::string_view key);

// Reads an integer field into `value`. An absent or empty field leaves
// `value` at its default; anything but a whole integer that fits an int is an
// error naming the key.
Status read_int_kv(const KvViews& fields, std::string_view key, int& value);

// Copies the views into owned Fields, in order.
Fields to_fields(const KvViews& fields);

}  // namespace zkpush::protocol
