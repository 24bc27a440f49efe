#include "http/normalizer.h"

#include "http/token.h"
#include "protocol/query.h"
#include "protocol/text.h"
#include "util/hex.h"

#include <cstring>

namespace zkpush::http {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

using protocol::iequals;
using protocol::istarts_with;

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// `#token` as Beast's opt_token_list accepts it: comma-separated, empty
// elements allowed.
bool is_token_list(std::string_view s) {
  for (;;) {
    std::size_t comma = s.find(',');
    std::string_view element = trim_blanks(s.substr(0, comma));
    if (!element.empty() && !is_token(element)) return false;
    if (comma == std::string_view::npos) return true;
    s.remove_prefix(comma + 1);
  }
}

// Bytes that leave the request target percent-encoded: everything Beast's
// is_pathchar rejects (CTLs, SP, DEL) plus what RFC 3986 never allows
// unencoded in a URI and bytes outside ASCII, so routers see plain ASCII.
bool must_encode_in_target(char ch) {
  auto c = static_cast<unsigned char>(ch);
  if (c <= 0x20 || c >= 0x7f) return true;
  switch (c) {
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}': return true;
    default: return false;
  }
}

void append_encoded_target(std::string_view target, std::string& out) {
  // Runs that need no escape are appended whole: a terminal's target
  // usually has none.
  std::size_t run = 0;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (!must_encode_in_target(target[i])) continue;
    out.append(target.data() + run, i - run);
    out += '%';
    append_hex_byte(out, static_cast<unsigned char>(target[i]), kUpperHexDigits);
    run = i + 1;
  }
  out.append(target.data() + run, target.size() - run);
}

// "HTTP/1.1" -> 11, "HTTP/1.0" -> 10, "HTTP/1.2" -> 11, "HTTP/0.9" -> 10,
// "HTTP/1" -> 10; 0 when `token` is not a version. Case-insensitive prefix.
int parse_version(std::string_view token) {
  if (!istarts_with(token, "HTTP/")) return 0;
  token.remove_prefix(5);
  auto digits = [&token](int& value) {
    std::size_t n = 0;
    value = 0;
    while (n < token.size() && token[n] >= '0' && token[n] <= '9') {
      if (value < 100) value = value * 10 + (token[n] - '0');
      ++n;
    }
    token.remove_prefix(n);
    return n > 0;
  };
  int major = 0;
  int minor = 0;
  if (!digits(major)) return 0;
  if (!token.empty()) {
    if (token.front() != '.') return 0;
    token.remove_prefix(1);
    if (!digits(minor) || !token.empty()) return 0;
  }
  return (major > 1 || (major == 1 && minor >= 1)) ? 11 : 10;
}

// "http://host:port/p?q" -> "/p?q", "http://host?q" -> "?q" (the caller adds
// the '/'), "http://host" -> "". Other targets are returned unchanged.
std::string_view strip_absolute_form(std::string_view target) {
  std::size_t skip = 0;
  if (istarts_with(target, "http://")) {
    skip = 7;
  } else if (istarts_with(target, "https://")) {
    skip = 8;
  } else {
    return target;
  }
  target.remove_prefix(skip);
  std::size_t path = target.find_first_of("/?");
  return path == std::string_view::npos ? std::string_view() : target.substr(path);
}

HeadError append_request_line(std::string_view line, std::string& out) {
  line = trim_blanks(line);
  if (line.empty()) return HeadError::kNoRequestLine;

  std::size_t space = line.find(' ');
  std::string_view method = line.substr(0, space);
  if (!is_token(method)) return HeadError::kBadMethod;
  std::string_view rest = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);

  // The version is the last token, when it looks like one; whatever lies
  // between the method and the version is the target, spaces included.
  int version = 10;
  std::size_t last_space = rest.rfind(' ');
  std::string_view last = last_space == std::string_view::npos ? rest : rest.substr(last_space + 1);
  if (int v = parse_version(last); v != 0) {
    version = v;
    rest = last_space == std::string_view::npos ? std::string_view() : rest.substr(0, last_space);
  }
  std::string_view target = trim_blanks(rest);
  if (target.empty()) return HeadError::kBadTarget;
  target = strip_absolute_form(target);

  for (char c : method) out += to_upper(c);
  out += ' ';
  if (target.empty() || (target.front() != '/' && target != "*")) out += '/';
  append_encoded_target(target, out);
  out += version == 11 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n";
  return HeadError::kNone;
}

// Control bytes other than HTAB become spaces; clean runs are appended whole.
void append_value_bytes(std::string_view value, std::string& out) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto b = static_cast<unsigned char>(value[i]);
    if ((b >= 0x20 || b == '\t') && b != 0x7f) continue;
    out.append(value.data() + run, i - run);
    out += ' ';
    run = i + 1;
  }
  out.append(value.data() + run, value.size() - run);
}

// Writes header lines into `out`. A header is kept open until the next line
// shows whether it continues (obs-fold), then closed with CRLF or, if it
// turns out unacceptable, cut off again.
class HeaderWriter {
 public:
  explicit HeaderWriter(std::string& out) : out_(out) {}

  void line(std::string_view line) {
    if (is_blank(line.front())) {
      fold(trim_blanks(line));
      return;
    }
    finish();
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return;  // dropped
    std::string_view name = trim_blanks(line.substr(0, colon));
    if (!is_token(name)) return;  // dropped, with any continuation lines
    start_ = out_.size();
    out_.append(name);
    out_ += ": ";
    value_start_ = out_.size();
    append_value_bytes(trim_blanks(line.substr(colon + 1)), out_);
    is_connection_ = iequals(name, "Connection") || iequals(name, "Proxy-Connection");
  }

  void finish() {
    if (start_ == kNone) return;
    // Blanks at either end of the value, including control bytes turned
    // into spaces ("Connection: \x03starting"), so that normalising a
    // normalised head changes nothing (fuzz/request_head_fuzz.cc).
    while (out_.size() > value_start_ && is_blank(out_.back())) out_.pop_back();
    std::size_t first = value_start_;
    while (first < out_.size() && is_blank(out_[first])) ++first;
    out_.erase(value_start_, first - value_start_);
    std::string_view value(out_.data() + value_start_, out_.size() - value_start_);
    if (is_connection_ && !is_token_list(value)) {
      out_.resize(start_);
    } else {
      out_ += "\r\n";
    }
    start_ = kNone;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  void fold(std::string_view content) {
    // RFC 9112 §5.2: replace each obs-fold with SP. A fold with no header
    // to continue (first line, or after a dropped line) is ignored.
    if (start_ == kNone || content.empty()) return;
    if (out_.size() > value_start_) out_ += ' ';
    append_value_bytes(content, out_);
  }

  std::string& out_;
  std::size_t start_ = kNone;
  std::size_t value_start_ = 0;
  bool is_connection_ = false;
};

// The next line of `head` from `pos` without its line end (LF or CRLF);
// advances `pos` past the line end.
std::string_view next_line(std::string_view head, std::size_t& pos) {
  std::size_t lf = head.find('\n', pos);
  std::size_t end = lf == std::string_view::npos ? head.size() : lf;
  std::string_view line = head.substr(pos, end - pos);
  pos = lf == std::string_view::npos ? head.size() : lf + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::size_t skip_empty_lines(std::string_view data) {
  std::size_t n = 0;
  while (n < data.size() && (data[n] == '\r' || data[n] == '\n')) ++n;
  return n;
}

std::size_t find_head_end(std::string_view data, std::size_t scanned) {
  // An end not found before covers at most the last two scanned bytes.
  std::size_t i = scanned >= 2 ? scanned - 2 : 0;
  const char* base = data.data();
  while (i < data.size()) {
    const void* hit = std::memchr(base + i, '\n', data.size() - i);
    if (hit == nullptr) return 0;
    i = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
    if (i + 1 >= data.size()) return 0;
    if (data[i + 1] == '\n') return i + 2;
    if (data[i + 1] == '\r') {
      if (i + 2 >= data.size()) return 0;
      if (data[i + 2] == '\n') return i + 3;
    }
    ++i;
  }
  return 0;
}

bool starts_like_a_request(std::string_view data) {
  return data.empty() || is_tchar(data.front()) || is_blank(data.front());
}

const char* describe(HeadError error) {
  switch (error) {
    case HeadError::kNone: return "ok";
    case HeadError::kNoRequestLine: return "no request line";
    case HeadError::kBadMethod: return "bad method";
    case HeadError::kBadTarget: return "no request target";
    case HeadError::kTooManyHeaders: return "too many header lines";
  }
  return "?";
}

HeadError normalize_request_head(std::string_view head, std::string& out, std::size_t max_headers) {
  out.clear();
  out.reserve(head.size() + 16);  // a rewrite rarely grows the head
  std::size_t pos = skip_empty_lines(head);
  HeadError error = append_request_line(next_line(head, pos), out);
  if (error != HeadError::kNone) return error;

  HeaderWriter headers(out);
  std::size_t count = 0;
  while (pos < head.size()) {
    std::string_view line = next_line(head, pos);
    if (line.empty()) break;  // end of head
    if (!is_blank(line.front()) && ++count > max_headers) return HeadError::kTooManyHeaders;
    headers.line(line);
  }
  headers.finish();
  out += "\r\n";
  return HeadError::kNone;
}

std::string_view find_serial_number(std::string_view target) {
  for (std::size_t i = 0; i + 3 < target.size(); ++i) {
    if ((target[i] == '?' || target[i] == '&') && iequals(target.substr(i + 1, 3), "SN=")) {
      std::string_view value = target.substr(i + 4);
      return value.substr(0, value.find_first_of("& #\r\n"));
    }
  }
  return {};
}

void split_target(std::string_view target, std::string& path, std::string& query) {
  std::size_t q = target.find('?');
  path.clear();
  protocol::append_percent_decoded(target.substr(0, q), path);
  if (q == std::string_view::npos) {
    query.clear();
  } else {
    query.assign(target.substr(q + 1));
  }
}

}  // namespace zkpush::http
