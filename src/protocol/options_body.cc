// Configuration bodies: POST cdata?table=options (004 §8; capture D02) and
// PUSH 3.x POST /iclock/registry (capture R20): "key=value,key=value,...".
// Values may contain commas ("~OEMVendor=ZKTECO CO., LTD.") and spaces
// ("~DeviceName=SenseFace 2A"), so a comma starts a new pair only when it is
// followed, after optional spaces, by a key token [~A-Za-z0-9_]+ and '='.
// Line breaks always separate pairs (bodies sent one pair per line). Keys and
// values are trimmed; keys keep their case; a piece without '=' or with an
// empty key is dropped (there is nothing to name it by).
#include <string>

#include "protocol/text.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

// True when a key token and '=' follow position `pos`, after optional spaces.
bool pair_starts_at(std::string_view text, std::size_t pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
  std::size_t start = pos;
  while (pos < text.size() && is_key_char(text[pos])) ++pos;
  return pos > start && pos < text.size() && text[pos] == '=';
}

void add_pair(std::string_view piece, Fields& out) {
  std::size_t eq = piece.find('=');
  if (eq == std::string_view::npos) return;
  std::string_view key = trim(piece.substr(0, eq));
  if (key.empty()) return;
  out.emplace_back(std::string(key), std::string(trim(piece.substr(eq + 1))));
}

void parse_line(std::string_view line, Fields& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ',' && pair_starts_at(line, i + 1)) {
      add_pair(line.substr(start, i - start), out);
      start = i + 1;
    }
  }
  add_pair(line.substr(start), out);
}

}  // namespace

Fields parse_options_body(std::string_view body) {
  Fields out;
  for_each_line(body, [&out](std::string_view line) { parse_line(line, out); });
  return out;
}

}  // namespace zkpush::protocol
