// See positional.h. 004 §11.7's example separates date and time with a TAB;
// 004 §11.2's and §11.4's examples use spaces throughout (AMB-01).
#include "protocol/positional.h"

#include "protocol/record_time.h"
#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

std::vector<std::string_view> split_on_spaces(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// A view from the start of `a` to the end of `b`; both lie in the same line.
std::string_view span(std::string_view a, std::string_view b) {
  return std::string_view(a.data(), static_cast<std::size_t>(b.data() + b.size() - a.data()));
}

}  // namespace

std::vector<std::string_view> split_positional(std::string_view line, std::size_t time_index) {
  // Trailing blanks only: a trailing TAB must not force TAB splitting of a
  // space-separated line, and a leading TAB (empty PIN) must not shift fields.
  while (!line.empty() && (line.back() == '\t' || line.back() == ' ' || line.back() == '\0'))
    line.remove_suffix(1);
  std::vector<std::string_view> fields;
  fields.reserve(12);  // 7 to 11 fields in practice (INDEX B8)
  if (line.find('\t') != std::string_view::npos) {
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
      fields.push_back(trim(line.substr(start, tab - start)));
    fields.push_back(trim(line.substr(start)));
  } else {
    fields = split_on_spaces(trim(line));
  }
  if (fields.size() > time_index + 1 && !fields[time_index].empty() &&
      !fields[time_index + 1].empty() && !is_record_time(fields[time_index])) {
    std::string_view joined = span(fields[time_index], fields[time_index + 1]);
    if (is_record_time(joined)) {
      fields[time_index] = joined;
      fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(time_index) + 1);
    }
  }
  return fields;
}

}  // namespace zkpush::protocol
