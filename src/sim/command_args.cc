// See command_args.h for the splitting rules and where they come from.
#include "sim/command_args.h"

#include <climits>

#include "protocol/record_time.h"
#include "protocol/text.h"

namespace zkpush::sim {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

void add_tab_field(std::string_view field, Args& out) {
  field = protocol::trim(field);
  if (field.empty()) return;
  std::size_t eq = field.find('=');
  if (eq == std::string_view::npos) {
    out.emplace_back(field, std::string_view());
    return;
  }
  out.emplace_back(protocol::trim(field.substr(0, eq)), protocol::trim(field.substr(eq + 1)));
}

}  // namespace

std::string_view next_word(std::string_view& text) {
  std::size_t start = 0;
  while (start < text.size() && is_blank(text[start])) ++start;
  std::size_t end = start;
  while (end < text.size() && !is_blank(text[end])) ++end;
  std::string_view word = text.substr(start, end - start);
  while (end < text.size() && is_blank(text[end])) ++end;
  text.remove_prefix(end);
  return word;
}

Args parse_args(std::string_view text) {
  if (text.find('\t') == std::string_view::npos) return protocol::split_kv_fields(text);
  Args out;
  for (std::string_view field : protocol::split(text, '\t')) add_tab_field(field, out);
  return out;
}

std::optional<std::string_view> arg(const Args& args, std::string_view key) { return protocol::find_kv(args, key); }

std::optional<std::string_view> nonempty_arg(const Args& args, std::string_view key) {
  auto value = protocol::find_kv(args, key);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

bool int_arg(const Args& args, std::string_view key, std::optional<int>& out) {
  out.reset();
  auto text = nonempty_arg(args, key);
  if (!text) return true;
  auto n = protocol::parse_int(*text);
  if (!n || *n < INT_MIN || *n > INT_MAX) return false;
  out = static_cast<int>(*n);
  return true;
}

std::optional<std::string> time_arg(const Args& args, std::string_view key) {
  auto text = nonempty_arg(args, key);
  if (!text) return std::nullopt;
  std::string compact;
  for (std::size_t i = 0; i < text->size(); ++i) {
    compact.push_back((*text)[i]);
    if ((*text)[i] == ':')
      while (i + 1 < text->size() && is_blank((*text)[i + 1])) ++i;
  }
  return protocol::normalize_record_time(compact);
}

}  // namespace zkpush::sim
