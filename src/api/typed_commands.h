// Typed commands: POST /api/v1/devices/{sn}/commands/{kind} with a JSON
// object of named fields instead of raw protocol text. Every command of
// spec 004 §12 is one kind in a data table (typed_command_table.cc): its URL
// name, its JSON fields with their types, ranges and defaults, a one-line
// description, whether it needs the admin scope, and its formatter.
//
// Naming (docs/commands.md):
//   kind   the command's words in lower case, '-' for blanks and '_', without
//          "DATA": DATA UPDATE USERINFO -> update-userinfo, CLEAR LOG ->
//          clear-log, ENROLL_FP -> enroll-fp, GetFile -> getfile.
//          An access panel's kinds (Security PUSH, CN24 §12) are "panel-"
//          and what they do: panel-query, panel-set-time, panel-reboot...;
//          only devices of that dialect take them, and only them.
//   field  the protocol key in snake_case: PIN -> pin, FID -> fid, ViceCard ->
//          vice_card, MajorVer -> major_ver; USERINFO's Pri, Passwd and Grp are
//          privilege, password and group, as GET .../users shows them.
//
// Validation refuses, with a message that starts with the field's name
// ("pin: required", "fid: must be a whole number from 0 to 9"): unknown
// fields, missing required ones, wrong types, out-of-range numbers, PINs no
// terminal takes, and TAB, CR, LF or NUL inside a value, which would break
// the command line. Nothing refused is ever sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/records.h"
#include "util/error.h"

namespace zkpush::api {

// What a field accepts (JSON type in brackets) and how it is sent.
enum class FieldType {
  kPin,         // user ID [string or integer]: 1-24 ASCII letters or digits
  kInteger,     // [integer, or a string holding one] from min to max
  kChoice,      // [integer or string] one of `choices`
  kBoolean,     // [true/false, or 1/0] sent as 1/0
  kText,        // [string] one line of at most max bytes: no TAB, CR, LF or NUL
  kLine,        // [string] the rest of the command line: TAB allowed, no CR, LF or NUL
  kToken,       // [string] letters, digits and - _ . ~, at most max of them
  kDigits,      // [string or integer] decimal digits, min to max of them
  kCard,        // [string or integer] card number: digits, or [hex] (004 §12.1.1.1)
  kBase64,      // [string] base64 text (templates, photos)
  kDateTime,    // [string] YYYY-MM-DD HH:MM:SS (a 'T' is taken for the blank), device-local
  kDate,        // [string or integer] YYYYMMDD, or 0 for none (R16 sends 0)
  kMonthDay,    // [string or integer] MMDD, e.g. 1123 = 23 November
  kHourMinute,  // [string or integer] HHMM, e.g. 1159 = 11:59; sent as 4 digits
  kNumberList,  // [string] whole numbers separated by ';', e.g. "1;0;0"
  kUrl,         // [string] no blanks, commas or control characters
  kMd5,         // [string] 32 hex digits
  kRow,         // [object] protocol fields {"Pin": "7", ...}: names as the protocol spells them, values
                //   strings or numbers without TAB, CR, LF or NUL; sent as Name=value joined by TAB
  kLengthOf,    // not an input: the length of the field named in `source` (Size=)
};

struct TypedField {
  std::string_view name;  // JSON name; empty for a computed field
  std::string_view key;   // protocol key ("PIN"); empty when not sent as key=value
  FieldType type = FieldType::kText;
  bool required = false;
  long long min = 0, max = 0;  // kInteger range; kText/kToken/kDigits lengths
  std::string_view choices;    // kChoice: the allowed values, comma-separated
  std::string_view source;     // kLengthOf: the field whose length is sent
  std::string_view fallback;   // sent when the field is absent ("" = left out)
  std::string_view about;      // one line for the documentation

  // Builders for the table, e.g. field("fid", "FID", kInteger).range(0, 9).needed().
  constexpr TypedField needed() const {
    auto f = *this;
    f.required = true;
    return f;
  }
  constexpr TypedField range(long long lo, long long hi) const {
    auto f = *this;
    f.min = lo;
    f.max = hi;
    return f;
  }
  constexpr TypedField otherwise(std::string_view v) const {
    auto f = *this;
    f.fallback = v;
    return f;
  }
  constexpr TypedField describe(std::string_view text) const {
    auto f = *this;
    f.about = text;
    return f;
  }
};

struct TypedCommandKind;

// The validated values of one request: each field's canonical text, or its
// fallback when absent.
class TypedValues {
 public:
  void set(std::string_view name, std::string value) { values_.emplace_back(name, std::move(value)); }
  std::optional<std::string_view> get(std::string_view name) const;
  std::string_view text(std::string_view name) const { return get(name).value_or(""); }
  bool has(std::string_view name) const { return get(name).has_value(); }
  // The key=value pairs of `kind`'s fields that have a key and a value, in
  // the table's (the protocol's) order; kLengthOf fields computed.
  protocol::Fields pairs(const TypedCommandKind& kind) const;

 private:
  std::vector<std::pair<std::string_view, std::string>> values_;
};

using CommandFormatter = std::string (*)(const TypedCommandKind& kind, const TypedValues& values);
using CommandCheck = Status (*)(const TypedValues& values);  // rules between fields

struct TypedCommandKind {
  std::string_view name;           // URL segment, e.g. "update-userinfo"
  std::string_view words;          // the command's words, e.g. "DATA UPDATE USERINFO"
  std::string_view section;        // where 004 defines it, e.g. "§12.1.1.1"
  std::string_view description;    // one line
  bool admin = false;              // needs the admin scope (requires_admin)
  std::vector<TypedField> fields;  // in the order the protocol writes them
  CommandFormatter format = nullptr;
  CommandCheck check = nullptr;
};

// Every kind, in the order of 004 §12.
const std::vector<TypedCommandKind>& typed_command_kinds();

// The kind named `name` (the URL segment), or nullptr.
const TypedCommandKind* find_typed_command_kind(std::string_view name);

// Whether queueing `kind` needs the admin scope: SHELL, GetFile, PutFile,
// UPGRADE, CLEAR DATA and a panel's SET OPTIONS (it sets the panel's network
// and server address too). False for unknown kinds.
bool requires_admin(std::string_view kind);

// The protocol text (without "C:<id>:") for `kind` from a request body: a
// JSON object, or nothing for kinds without required fields. Errors:
// kNotFound for an unknown kind; kInvalidInput with "<field>: <problem>"
// ("body: ..." when the body is not a JSON object).
Result<std::string> build_typed_command(std::string_view kind, std::string_view body);

}  // namespace zkpush::api
