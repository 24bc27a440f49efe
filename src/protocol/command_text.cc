// Command texts (see command_text.h). The separators are the documents':
// one space after the command's words (${SP}), TAB between key=value pairs
// (${HT}); the blanks 004 prints around them ("PIN=${XXX} ${HT} FID=") are
// layout, not part of the format (AMB-01).
#include "protocol/command_text.h"

#include "protocol/kv_line.h"
#include "protocol/record_line.h"

namespace zkpush::protocol {

std::string format_command(std::string_view words, const Fields& pairs) {
  if (pairs.empty()) return std::string(words);
  RecordLine line(std::string(words) + ' ');
  for (const auto& [key, value] : pairs) line.add(key, value);
  return line.str();
}

std::string format_command_argument(std::string_view words, std::string_view argument) {
  std::string out(words);
  out += ' ';
  out += single_line(argument);
  return out;
}

std::string format_set_option(std::string_view key, std::string_view value) {
  std::string out = "SET OPTION ";
  out += sanitize_value(key);
  out += '=';
  out += single_line(value);
  return out;
}

std::string format_put_file(std::string_view url, std::string_view file_path, const Fields& action) {
  std::string out = "PutFile " + sanitize_value(url);
  if (file_path.empty()) return out;
  out += '\t' + sanitize_value(file_path);
  if (action.empty()) return out;
  // The Action pairs follow the path with the same TAB separator (function 2).
  RecordLine line(out + '\t');
  for (const auto& [key, value] : action) line.add(key, value);
  return line.str();
}

std::string format_upgrade(UpgradeMethod method, std::string_view checksum, std::string_view url, long long size) {
  // A comma would split a value into a forged pair; the caller refuses URLs
  // with commas, so this only neutralises what gets through.
  auto value = [](std::string_view v) {
    std::string out = single_line(v);
    for (char& c : out)
      if (c == ',' || c == '\t') c = ' ';
    return out;
  };
  const std::string md5 = "checksum=" + value(checksum);
  const std::string where = "url=" + value(url);
  const std::string bytes = "size=" + std::to_string(size);
  switch (method) {
    case UpgradeMethod::kBase64:
      return "UPGRADE " + md5 + ',' + where + ',' + bytes;
    case UpgradeMethod::kDirect:
      return "UPGRADE type=1," + md5 + ',' + bytes + ',' + where;
    case UpgradeMethod::kRanged:
      return "UPGRADE " + md5 + ',' + bytes + ',' + where + ",supportsubcontracting=1";
  }
  return {};
}

std::optional<std::string_view> command_pin(std::string_view command) {
  // The command's words ("DATA UPDATE USERINFO") become a field without '='.
  return find_kv(split_kv_fields(command), "PIN");
}

}  // namespace zkpush::protocol
