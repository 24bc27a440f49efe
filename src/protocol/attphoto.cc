// Attendance photos (ACC-27, ACC-28, AMB-26). Shapes accepted:
//  - header + NUL + image: "PIN=<name>\nSN=<sn>\nsize=<n>\nCMD=uploadphoto\0<jpeg>"
//    (000, 002; 004 §11.3, §11.8), CMD=realupload too, LF or CRLF, keys in
//    any case, and the header on one line with spaces as 004 prints it;
//  - the same with the bytes after NUL in base64 (004 §5 ATTPHOTOBase64=1,
//    whose shape no document shows): used when the bytes are not a JPEG but
//    decode to one;
//  - a raw JPEG with no header (003 §2 fdata form): name from the URL's PIN=.
// Anything else is kept as it came rather than refused (only an empty body
// fails): the terminal cannot resend a photo better than it did.
//
// The name encodes the person (004 §11.3, §11.8; ACC-28):
//   "20150731103012-123.jpg" -> "123"; "20150731103012.jpg" (verification
//   failed) -> ""; ID-card form "time-type-PIN-IDNum.jpg"
//   "20160615093758-0-1457-210218199011304365.jpg" -> "1457".
#include <string>

#include "protocol/kv_line.h"
#include "protocol/text.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

bool is_jpeg(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
         static_cast<unsigned char>(bytes[1]) == 0xD8;
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_header_key(std::string_view key) {
  return iequals(key, "PIN") || iequals(key, "SN") || iequals(key, "size") || iequals(key, "CMD");
}

bool is_header_line(std::string_view line) {
  KvViews f = split_kv_fields(line);
  return !f.empty() && is_header_key(f.front().first);
}

// True when `text` has header lines and nothing else.
bool is_header(std::string_view text) {
  bool any = false, all = true;
  for_each_line(text, [&](std::string_view line) {
    if (trim(line).empty()) return;
    any = true;
    all = all && is_header_line(line);
  });
  return any && all;
}

// Splits the body into header text and image bytes. The header ends at the
// first NUL when everything before it is header lines; otherwise (no NUL, or
// binary before the first NUL) at the first line that is not a header line,
// which leaves the whole body as image when it starts with no header.
std::pair<std::string_view, std::string_view> split_header(std::string_view body) {
  std::size_t nul = body.find('\0');
  if (nul != std::string_view::npos && is_header(body.substr(0, nul)))
    return {body.substr(0, nul), body.substr(nul + 1)};
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find_first_of("\r\n", pos);
    std::string_view line = body.substr(pos, end == std::string_view::npos ? body.npos : end - pos);
    if (!trim(line).empty() && !is_header_line(line)) break;
    if (end == std::string_view::npos) return {body, {}};
    pos = end + 1;
    if (body[end] == '\r' && pos < body.size() && body[pos] == '\n') ++pos;
  }
  return {body.substr(0, pos), body.substr(pos)};
}

std::string image_bytes(std::string_view data) {
  if (is_jpeg(data)) return std::string(data);
  auto decoded = decode_base64(data);
  if (decoded.ok() && is_jpeg(*decoded)) return std::move(decoded).value();
  return std::string(data);
}

// The person's PIN encoded in an attendance photo name (see the top comment).
std::string pin_from_filename(std::string_view name) {
  std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) name = name.substr(0, dot);
  std::size_t dash = name.find('-');
  if (dash == std::string_view::npos)
    return is_digits(name) && name.size() == 14 ? "" : std::string(name);
  std::string_view rest = name.substr(dash + 1);
  // ID-card form: one photo-type digit, the PIN, then the ID number.
  std::size_t last = rest.rfind('-');
  if (rest.size() > 2 && rest[1] == '-' && is_digits(rest.substr(0, 1)) && last > 1)
    return std::string(rest.substr(2, last - 2));
  return std::string(rest);
}

}  // namespace

Result<PhotoRecord> parse_attphoto(std::string_view body, std::string_view pin_param) {
  if (body.empty()) return Error::invalid("empty ATTPHOTO body");
  PhotoRecord r;
  r.kind = PhotoKind::kAttendance;
  r.filename = std::string(trim(pin_param));
  if (is_jpeg(body)) {
    r.bytes = std::string(body);
  } else {
    auto [header, data] = split_header(body);
    for_each_line(header, [&r](std::string_view line) {
      for (const auto& [key, value] : split_kv_fields(line)) {
        if (iequals(key, "PIN") && !value.empty()) {
          r.filename = std::string(value);
        } else if (iequals(key, "size")) {
          if (auto n = parse_int(value)) r.declared_size = *n;
        }
      }
    });
    r.bytes = image_bytes(data);
  }
  r.pin = pin_from_filename(r.filename);
  return r;
}

}  // namespace zkpush::protocol
