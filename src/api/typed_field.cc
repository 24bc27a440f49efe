// The checks of each FieldType (typed_commands.h). Numbers may come as JSON
// numbers or as strings holding them (HR systems often send "7"); text must
// be a JSON string. Every error names the field first.
#include "api/typed_field.h"

#include <climits>
#include <initializer_list>
#include <optional>
#include <utility>

#include "protocol/record_time.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "util/hex.h"

namespace zkpush::api {
namespace {

using nlohmann::json;

// Limits for fields whose table row leaves `max` at 0.
constexpr long long kTextBytes = 255;
constexpr long long kLineBytes = 4096;
constexpr long long kTokenChars = 64;
constexpr long long kUrlBytes = 1024;
// No document fixes a PIN's width: 000/002 print PIN=%d, terminals show 1-9
// digits, and firmware with alphanumeric IDs takes letters (R31: "abc123").
constexpr std::size_t kPinChars = 24;

Error invalid(const TypedField& f, std::string_view problem) {
  return Error::invalid(std::string(f.name) + ": " + std::string(problem));
}

std::optional<long long> as_integer(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<unsigned long long>();
    if (u > static_cast<unsigned long long>(LLONG_MAX)) return std::nullopt;
    return static_cast<long long>(u);
  }
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty() || protocol::trim(s).size() != s.size()) return std::nullopt;  // no blanks
    return protocol::parse_int(s);
  }
  return std::nullopt;
}

// A string, or a non-negative integer as its digits (a PIN or a card number
// sent as a number).
std::optional<std::string> as_text(const json& v, bool numbers_too) {
  if (v.is_string()) return v.get<std::string>();
  if (numbers_too && (v.is_number_unsigned() || (v.is_number_integer() && v.get<long long>() >= 0)))
    return std::to_string(v.get<unsigned long long>());
  return std::nullopt;
}

using protocol::is_digit;
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool all_of(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}
bool has_any(std::string_view s, std::string_view chars) { return s.find_first_of(chars) != std::string_view::npos; }

constexpr std::string_view kLineBreakers{"\r\n\0", 3};
constexpr std::string_view kFieldBreakers{"\t\r\n\0", 4};

long long limit(const TypedField& f, long long fallback) { return f.max > 0 ? f.max : fallback; }

// {"Pin": "7", "Name": "Ana"} -> "Name=Ana\tPin=7" (the JSON object's order: by name).
Result<std::string> read_row(const TypedField& f, const json& v) {
  if (!v.is_object() || v.empty()) return invalid(f, "must be an object of protocol fields, e.g. {\"Pin\": \"7\"}");
  std::string row;
  for (const auto& [name, value] : v.items()) {
    if (name.empty() || !all_of(name, [](char c) { return protocol::is_key_char(c); }))
      return invalid(f, "a field name holds letters, digits, _ and ~: " + name);
    std::string text;
    if (value.is_string()) text = value.get<std::string>();
    else if (value.is_number_integer()) text = value.dump();
    else return invalid(f, name + " must be a string or a whole number");
    if (has_any(text, kFieldBreakers)) return invalid(f, name + " must not contain TAB, CR, LF or NUL");
    row += (row.empty() ? "" : "\t") + name + "=" + text;
  }
  if (row.size() > kLineBytes * 16) return invalid(f, "is too long");
  return row;
}

Result<std::string> read_text(const TypedField& f, const json& v, bool tab_allowed, long long max_bytes) {
  auto text = as_text(v, false);
  if (!text) return invalid(f, "must be a string");
  if (has_any(*text, tab_allowed ? kLineBreakers : kFieldBreakers))
    return invalid(f, tab_allowed ? "must not contain CR, LF or NUL" : "must not contain TAB, CR, LF or NUL");
  if (static_cast<long long>(text->size()) > max_bytes)
    return invalid(f, "must be at most " + std::to_string(max_bytes) + " bytes");
  if (f.required && text->empty()) return invalid(f, "must not be empty");
  return std::move(*text);
}

Result<std::string> read_integer(const TypedField& f, const json& v) {
  auto n = as_integer(v);
  if (!n || *n < f.min || *n > f.max)
    return invalid(f, "must be a whole number from " + std::to_string(f.min) + " to " + std::to_string(f.max));
  return std::to_string(*n);
}

Result<std::string> read_choice(const TypedField& f, const json& v) {
  std::optional<std::string> text;
  if (v.is_string())
    text = v.get<std::string>();
  else if (auto n = as_integer(v))
    text = std::to_string(*n);
  std::string listed;
  for (std::string_view choice : protocol::split(f.choices, ',')) {
    if (text && *text == choice) return std::move(*text);
    listed.append(listed.empty() ? "" : ", ").append(choice);
  }
  return invalid(f, "must be one of " + listed);
}

Result<std::string> read_boolean(const TypedField& f, const json& v) {
  if (v.is_boolean()) return std::string(v.get<bool>() ? "1" : "0");
  if (auto n = as_integer(v); n && (*n == 0 || *n == 1) && !v.is_string()) return std::to_string(*n);
  return invalid(f, "must be true or false");
}

Result<std::string> read_pin(const TypedField& f, const json& v) {
  auto text = as_text(v, true);
  if (!text || text->empty() || text->size() > kPinChars || !all_of(*text, is_alnum))
    return invalid(f, "must be 1 to 24 letters or digits");
  return std::move(*text);
}

Result<std::string> read_token(const TypedField& f, const json& v) {
  auto text = as_text(v, false);
  const long long max = limit(f, kTokenChars);
  auto ok = [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '~'; };
  if (!text || text->empty() || static_cast<long long>(text->size()) > max || !all_of(*text, ok))
    return invalid(f, "must be 1 to " + std::to_string(max) + " letters, digits or - _ . ~");
  return std::move(*text);
}

Result<std::string> read_digits(const TypedField& f, const json& v) {
  auto text = as_text(v, true);
  const long long lo = f.min > 0 ? f.min : 1, hi = f.max;
  const auto n = text ? static_cast<long long>(text->size()) : 0;
  if (!text || n < lo || n > hi || !all_of(*text, is_digit))
    return invalid(f, lo == hi ? "must be " + std::to_string(lo) + " decimal digits"
                               : "must be " + std::to_string(lo) + " to " + std::to_string(hi) + " decimal digits");
  return std::move(*text);
}

Result<std::string> read_card(const TypedField& f, const json& v) {
  // 004 §12.1.1.1: decimal ("123456789") or the bytes in hex, "[15CD5B07]";
  // 002 writes five bytes (AMB-02), so 4 or 5.
  auto text = as_text(v, true);
  if (text && !text->empty() && text->size() <= 20 && all_of(*text, is_digit)) return std::move(*text);
  if (text && (text->size() == 10 || text->size() == 12) && text->front() == '[' && text->back() == ']' &&
      all_of(std::string_view(*text).substr(1, text->size() - 2), is_hex_digit))
    return std::move(*text);
  return invalid(f, "must be up to 20 decimal digits, or 4 or 5 bytes in hex such as [15CD5B07]");
}

Result<std::string> read_base64(const TypedField& f, const json& v) {
  auto text = as_text(v, false);
  auto ok = [](char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; };
  if (!text || text->empty() || !all_of(*text, ok) || !protocol::decode_base64(*text).ok())
    return invalid(f, "must be base64 text");
  return std::move(*text);
}

Result<std::string> read_date_time(const TypedField& f, const json& v) {
  auto text = as_text(v, false);
  if (text && text->size() > 10 && (*text)[10] == 'T') (*text)[10] = ' ';
  std::optional<std::string> time;
  if (text && !has_any(*text, kFieldBreakers)) time = protocol::normalize_record_time(*text);
  if (!time) return invalid(f, "must be a time as YYYY-MM-DD HH:MM:SS");
  return std::move(*time);
}

// `digits` long, its two-digit parts within the ranges given, else nullopt.
std::optional<std::string> fixed_digits(const json& v, std::size_t digits,
                                        std::initializer_list<std::pair<int, int>> parts) {
  auto text = as_text(v, true);
  if (!text || text->size() > digits || text->empty() || !all_of(*text, is_digit)) return std::nullopt;
  text->insert(0, digits - text->size(), '0');
  std::size_t at = digits - 2 * parts.size();
  for (auto [lo, hi] : parts) {
    const int n = ((*text)[at] - '0') * 10 + ((*text)[at + 1] - '0');
    if (n < lo || n > hi) return std::nullopt;
    at += 2;
  }
  return text;
}

Result<std::string> read_date(const TypedField& f, const json& v) {
  auto text = as_text(v, true);
  if (text && *text == "0") return std::move(*text);
  std::optional<std::string> date;
  if (text && text->size() == 8) date = fixed_digits(v, 8, {{1, 12}, {1, 31}});
  if (!date) return invalid(f, "must be a date as YYYYMMDD, or 0 for none");
  return std::move(*date);
}

Result<std::string> read_month_day(const TypedField& f, const json& v) {
  if (auto text = fixed_digits(v, 4, {{1, 12}, {1, 31}})) return std::move(*text);
  return invalid(f, "must be a day as MMDD, e.g. 1123 for 23 November");
}

Result<std::string> read_hour_minute(const TypedField& f, const json& v) {
  if (auto text = fixed_digits(v, 4, {{0, 23}, {0, 59}})) return std::move(*text);
  return invalid(f, "must be a time of day as HHMM, from 0000 to 2359");
}

Result<std::string> read_number_list(const TypedField& f, const json& v) {
  auto text = as_text(v, false);
  bool ok = text && !text->empty();
  if (ok)
    for (std::string_view n : protocol::split(*text, ';'))
      ok = ok && !n.empty() && n.size() <= 9 && all_of(n, is_digit);
  if (!ok) return invalid(f, "must be whole numbers separated by ';', e.g. 1;0;0");
  return std::move(*text);
}

Result<std::string> read_url(const TypedField& f, const json& v) {
  // UPGRADE separates its pairs by commas and PutFile its arguments by TAB.
  auto text = as_text(v, false);
  if (!text || text->empty() || static_cast<long long>(text->size()) > kUrlBytes ||
      has_any(*text, std::string_view(" ,\t\r\n\0", 6)))
    return invalid(f, "must be a URL or path of at most 1024 bytes, without blanks or commas");
  return std::move(*text);
}

Result<std::string> read_md5(const TypedField& f, const json& v) {
  auto text = as_text(v, false);
  if (!text || text->size() != 32 || !all_of(*text, is_hex_digit))
    return invalid(f, "must be an MD5 checksum: 32 hex digits");
  return protocol::to_lower(*text);
}

}  // namespace

Result<std::string> read_typed_field(const TypedField& f, const json& v) {
  switch (f.type) {
    case FieldType::kPin:
      return read_pin(f, v);
    case FieldType::kInteger:
      return read_integer(f, v);
    case FieldType::kChoice:
      return read_choice(f, v);
    case FieldType::kBoolean:
      return read_boolean(f, v);
    case FieldType::kText:
      return read_text(f, v, false, limit(f, kTextBytes));
    case FieldType::kLine:
      return read_text(f, v, true, limit(f, kLineBytes));
    case FieldType::kToken:
      return read_token(f, v);
    case FieldType::kDigits:
      return read_digits(f, v);
    case FieldType::kCard:
      return read_card(f, v);
    case FieldType::kBase64:
      return read_base64(f, v);
    case FieldType::kDateTime:
      return read_date_time(f, v);
    case FieldType::kDate:
      return read_date(f, v);
    case FieldType::kMonthDay:
      return read_month_day(f, v);
    case FieldType::kHourMinute:
      return read_hour_minute(f, v);
    case FieldType::kNumberList:
      return read_number_list(f, v);
    case FieldType::kUrl:
      return read_url(f, v);
    case FieldType::kMd5:
      return read_md5(f, v);
    case FieldType::kRow:
      return read_row(f, v);
    case FieldType::kLengthOf:
      break;
  }
  return invalid(f, "is computed by the server and cannot be given");
}

}  // namespace zkpush::api
