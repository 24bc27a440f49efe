// Command record lines "<prefix>K=V\tK=V..." as both dialects write them
// (004 §12.1; canteen spec 001 §7.6).
//
// Injection guard: a record line is one line of TAB-separated key=value
// pairs, so a value carrying TAB, CR, LF or NUL would forge extra keys or a
// whole extra command ("Name=x\nC:9:CLEAR DATA"). Such characters are
// replaced by a space in every value written through here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zkpush::protocol {

inline std::string sanitize_value(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (c == '\t' || c == '\r' || c == '\n' || c == '\0') c = ' ';
  return out;
}

// A value that must stay on its line but may keep its TABs (handshake
// options, free-text command arguments): CR, LF and NUL become spaces.
inline std::string one_line(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  return out;
}

// Builds "<prefix>K=V\tK=V..." skipping absent fields.
class RecordLine {
 public:
  explicit RecordLine(std::string_view prefix) : line_(prefix) {}
  RecordLine& add(std::string_view key, std::string_view value) {
    if (!first_) line_.push_back('\t');
    first_ = false;
    line_.append(key).push_back('=');
    line_.append(sanitize_value(value));
    return *this;
  }
  RecordLine& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
  RecordLine& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  RecordLine& add(std::string_view key, const std::optional<std::string>& value) {
    return value ? add(key, *value) : *this;
  }
  RecordLine& add(std::string_view key, long long value) { return add(key, std::to_string(value)); }
  std::string str() { return std::move(line_); }  // consumes the builder

 private:
  std::string line_;
  bool first_ = true;
};

}  // namespace zkpush::protocol
