// The JSON columns: attendance.extra (a list of strings), device_users.extra and
// generic_records.fields (ordered key/value pairs, stored as [["k","v"],...] so
// order and repeated keys survive).
//
// Lossless by construction: the encoder escapes only '"', '\\' and control
// bytes and copies every other byte as is, so text that is valid UTF-8 gives
// standard JSON, and a stray non-UTF-8 byte still round-trips (a general JSON
// library would reject or replace it). The decoder reads what the encoder
// writes plus standard escapes (\uXXXX, surrogate pairs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/records.h"

namespace zkpush::store::sql {

// Appends to `out` (a reused buffer on the hot path).
void encode_string_list(const std::vector<std::string>& items, std::string& out);
void encode_fields(const protocol::Fields& fields, std::string& out);

// false on malformed input; `out` is then unspecified.
bool decode_string_list(std::string_view json, std::vector<std::string>& out);
bool decode_fields(std::string_view json, protocol::Fields& out);

// USER re-uploads: a key present in `update` takes its new value (every
// occurrence of the key in `base`), keys only in `base` keep theirs, new keys
// are appended in the order they came.
void merge_fields(protocol::Fields& base, const protocol::Fields& update);

}  // namespace zkpush::store::sql
