// See kv_line.h for the splitting rules and the documents they come from.
#include "protocol/kv_line.h"

#include <climits>
#include <string>

#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

bool is_key_start(char c) { return is_key_char(c) && !is_digit(c); }

// True when `text` at `pos` is a key token followed by '='.
bool key_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || !is_key_start(text[pos])) return false;
  while (pos < text.size() && is_key_char(text[pos])) ++pos;
  return pos < text.size() && text[pos] == '=';
}

void add_field(std::string_view field, KvViews& out) {
  field = trim(field);
  if (field.empty()) return;
  std::size_t eq = field.find('=');
  if (eq == std::string_view::npos) {
    out.emplace_back(field, std::string_view());
    return;
  }
  out.emplace_back(trim(field.substr(0, eq)), trim(field.substr(eq + 1)));
}

}  // namespace

TaggedLine split_tag(std::string_view line) {
  std::size_t end = line.find_first_of(" \t");
  std::string_view first = line.substr(0, end);
  if (first.empty() || first.find('=') != std::string_view::npos) return {{}, line};
  if (end == std::string_view::npos) return {first, {}};
  return {first, trim(line.substr(end))};
}

KvViews split_kv_fields(std::string_view text) {
  KvViews out;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\t') {
      add_field(text.substr(start, i - start), out);
      start = ++i;
      continue;
    }
    if (c == ' ') {
      std::size_t j = i;
      while (j < text.size() && text[j] == ' ') ++j;
      if (key_at(text, j)) {
        add_field(text.substr(start, i - start), out);
        start = i = j;
        continue;
      }
      i = j;
      continue;
    }
    ++i;
  }
  add_field(text.substr(start), out);
  return out;
}

std::optional<std::string_view> find_kv(const KvViews& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (iequals(k, key)) return v;
  return std::nullopt;
}

Status read_int_kv(const KvViews& fields, std::string_view key, int& value) {
  auto text = find_kv(fields, key);
  if (!text || text->empty()) return Status::success();
  auto n = parse_int(*text);
  if (!n || *n < INT_MIN || *n > INT_MAX)
    return Error::invalid("bad " + std::string(key) + ": '" + std::string(*text) + "'");
  value = static_cast<int>(*n);
  return Status::success();
}

Fields to_fields(const KvViews& fields) {
  Fields out;
  out.reserve(fields.size());
  for (const auto& [k, v] : fields) out.emplace_back(std::string(k), std::string(v));
  return out;
}

}  // namespace zkpush::protocol
