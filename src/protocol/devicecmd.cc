// POST /iclock/devicecmd bodies -> command replies (see devicecmd.h).
//
// Shapes seen on the wire and in the documents:
//   ID=28&Return=0&CMD=DATA                               one line (R29)
//   ID=1&Return=0&CMD=DATA\nID=2&Return=0&CMD=CHECK\n     batched (R34, D08; 004 §13)
//   ID=26&Return=0&CMD=INFO\n~DeviceName=..\nMAC=..\n     INFO: key=value lines (R27)
//   ID=27\nSN=..\nReturn=0\nCMD=Shell\nFILENAME=..\nContent=..   (R28, R35; 000:L302)
//   ID=..\nSN=..\nFILENAME=..\nCMD=GetFile\nReturn=<size>\nContent=<binary> (000:L649)
//   ID=${X} &Return=${X} &CMD=SET OPTION                 stray blanks (004:L3954, ACC-34)
//   ID=..&Return=0                                         no CMD (CLEAR, 000:L359)
//
// The body is read as segments separated by '&', LF, CR or CRLF. A segment
// `key=value` has its key and value trimmed. The reply boundaries:
//   - `ID=` starts a new reply when the current one already has an ID (so a
//     reply whose keys come in another order still gets its ID, ACC-32);
//   - `Return=` or `CMD=` at the start of a line starts a new reply when the
//     current one already has that key (a reply that does not lead with ID);
//   - `Content=` takes every byte after '=' to the END OF THE BODY, verbatim
//     (binary, NUL, '&', LF and "ID=" included: 000:L670, 004:L4026, ACC-36,
//     R28 note). Nothing follows Content in any document, and a device cannot
//     escape it, so no later split is attempted. Content is not trimmed: a
//     Shell output's final LF (R28 "1|Ali|0\n") and a GetFile's bytes are
//     kept exactly, so Return (the file size for GetFile) can be checked.
// Segments without '=' (blank lines, junk) are skipped but stay in `raw`.
// Keys before the first ID belong to the first reply; a reply without any
// ID is still returned (id "") so the caller can log it.
#include "protocol/devicecmd.h"

#include <limits>

#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

std::string_view trim_blanks_front(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::optional<int> to_return_code(std::string_view value) {
  auto n = parse_int(value);
  if (!n || *n < std::numeric_limits<int>::min() || *n > std::numeric_limits<int>::max())
    return std::nullopt;
  return static_cast<int>(*n);
}

// Collects the replies of one body; `body` outlives it.
class ReplyCollector {
 public:
  explicit ReplyCollector(std::string_view body) : body_(body) {}

  // A `key=value` segment spanning body_[begin, end).
  void on_field(std::string_view key, std::string_view value, std::size_t begin, std::size_t end,
                bool line_start) {
    if (open_ && starts_new_reply(key, line_start)) close(last_end_);
    if (!open_) open(begin);
    // A repeated Return/CMD inside one line keeps the first value.
    if (iequals(key, "ID")) {
      has_id_ = true;
      reply_.id = std::string(value);
    } else if (iequals(key, "Return")) {
      if (!has_return_) reply_.return_code = to_return_code(value);
      has_return_ = true;
    } else if (iequals(key, "CMD")) {
      if (!has_cmd_) reply_.cmd = std::string(value);
      has_cmd_ = true;
    } else {
      reply_.fields.emplace_back(std::string(key), std::string(value));
    }
    last_end_ = end;
  }

  // `Content=` whose value starts at body_[value_begin]: the rest of the body.
  void on_content(std::size_t begin, std::size_t value_begin) {
    if (!open_) open(begin);
    reply_.content = std::string(body_.substr(value_begin));
    reply_.raw = std::string(trim_blanks_front(body_.substr(start_)));
    finish();
  }

  // A segment without '=': not a field, but part of the reply's text.
  void on_junk(std::size_t end) {
    if (open_) last_end_ = end;
  }

  std::vector<CommandReply> take() {
    if (open_) close(last_end_);
    return std::move(out_);
  }

 private:
  bool starts_new_reply(std::string_view key, bool line_start) const {
    if (iequals(key, "ID")) return has_id_;
    if (!line_start) return false;
    return (iequals(key, "Return") && has_return_) || (iequals(key, "CMD") && has_cmd_);
  }

  void open(std::size_t begin) {
    open_ = true;
    start_ = begin;
  }

  void close(std::size_t end) {
    std::string_view raw = body_.substr(start_, end - start_);
    reply_.raw = std::string(trim(trim_blanks_front(raw)));
    finish();
  }

  void finish() {
    out_.push_back(std::move(reply_));
    reply_ = CommandReply{};
    open_ = has_id_ = has_return_ = has_cmd_ = false;
  }

  std::string_view body_;
  std::vector<CommandReply> out_;
  CommandReply reply_;
  bool open_ = false, has_id_ = false, has_return_ = false, has_cmd_ = false;
  std::size_t start_ = 0, last_end_ = 0;
};

}  // namespace

std::vector<CommandReply> parse_devicecmd(std::string_view body) {
  ReplyCollector replies(body);
  std::size_t pos = 0;
  bool line_start = true;
  while (pos < body.size()) {
    std::size_t end = body.find_first_of("&\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view segment = body.substr(pos, end - pos);
    std::size_t eq = segment.find('=');
    std::string_view key = eq == std::string_view::npos ? std::string_view{} : trim(segment.substr(0, eq));
    if (!key.empty() && iequals(key, "Content")) {
      replies.on_content(pos, pos + eq + 1);
      return replies.take();
    }
    if (!key.empty()) {
      replies.on_field(key, trim(segment.substr(eq + 1)), pos, end, line_start);
    } else if (!trim(segment).empty()) {
      replies.on_junk(end);
    }
    if (end == body.size()) break;
    line_start = body[end] != '&';
    pos = end + 1;
    if (body[end] == '\r' && pos < body.size() && body[pos] == '\n') ++pos;
  }
  return replies.take();
}

}  // namespace zkpush::protocol
