// Table commands (see table_commands.h).
#include "protocol/access/table_commands.h"

#include "protocol/text.h"

namespace zkpush::protocol::access {

namespace {

// "HH:MM" -> HHMM; nullopt when it is no time of day ("24:00" is the day's end).
std::optional<int> hhmm(std::string_view text) {
  text = trim(text);
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto hours = parse_int(text.substr(0, 2)), minutes = parse_int(text.substr(3, 2));
  if (!hours || !minutes || *hours < 0 || *minutes < 0 || *minutes > 59 || *hours > 24 ||
      (*hours == 24 && *minutes != 0))
    return std::nullopt;
  return static_cast<int>(*hours * 100 + *minutes);
}

}  // namespace

std::string row_text(const Fields& row) {
  std::string text;
  for (const auto& [key, value] : row) {
    if (!text.empty()) text += '\t';
    text += key;
    text += '=';
    text += value;
  }
  return text;
}

std::string data_update(std::string_view table, const std::vector<Fields>& rows) {
  std::string text = "DATA UPDATE " + std::string(table) + " ";
  for (std::size_t i = 0; i < rows.size(); ++i) text += (i ? "\n" : "") + row_text(rows[i]);
  return text;
}

std::string data_delete(std::string_view table, const Fields& condition) {
  return "DATA DELETE " + std::string(table) + " " + (condition.empty() ? std::string("*") : row_text(condition));
}

std::string data_count(std::string_view table) { return "DATA COUNT " + std::string(table); }

std::string data_query(std::string_view table) {
  return "DATA QUERY tablename=" + std::string(table) + ",fielddesc=*,filter=*";
}

std::optional<int64_t> timezone_slot(std::string_view start, std::string_view end) {
  auto from = hhmm(start), to = hhmm(end);
  if (!from || !to || *from >= *to) return std::nullopt;
  // The day's end is 23:59 on the panel's clock.
  const int last = *to == 2400 ? 2359 : *to;
  return (int64_t{*from} << 16) + last;
}

}  // namespace zkpush::protocol::access
