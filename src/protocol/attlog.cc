// ATTLOG bodies (004 §11.2, §11.7; ACC-12, 13, 14, 16, 17; INDEX B8): one
// punch per line,
//   PIN HT Time HT Status HT Verify HT WorkCode HT Reserved1 HT Reserved2 [HT ...]
// Real firmware sends 7 fields plus a trailing TAB (R02, R08, R11, R13),
// 9 (R25), 11 with a sequence number (R09, R10, R31) or with a trailing empty
// field (R19); old firmware 4 to 6. Only PIN and Time are required. Fields
// past the seventh go to `extra` in order; the empty fields a trailing TAB
// creates are dropped (positional.h), empty fields followed by a value are kept.
// Lines without a TAB are split on spaces (the documents' examples, AMB-01).
// PINs are text (R31: "abc123"). Status and Verify are raw integers (255 =
// no state key, R19); empty means 0; anything else rejects the line, because
// a guessed value would be stored as fact.
#include <climits>
#include <string>

#include "protocol/positional.h"
#include "protocol/record_time.h"
#include "protocol/text.h"
#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

constexpr std::size_t kPin = 0, kTime = 1, kStatus = 2, kVerify = 3, kWorkcode = 4, kReserved1 = 5,
                      kReserved2 = 6, kFirstExtra = 7;

Status read_code(std::string_view text, std::string_view name, int& value) {
  if (text.empty()) return Status::success();
  auto n = parse_int(text);
  if (!n || *n < INT_MIN || *n > INT_MAX)
    return Error::invalid("bad " + std::string(name) + ": '" + std::string(text) + "'");
  value = static_cast<int>(*n);
  return Status::success();
}

Status parse_line(std::string_view line, ParsedUpload& out) {
  auto f = split_positional(line, kTime);
  if (f.size() < 2) return Error::invalid("ATTLOG needs PIN and time");
  if (f[kPin].empty()) return Error::invalid("empty PIN");
  auto time = normalize_record_time(f[kTime]);
  if (!time) return Error::invalid("bad time: '" + std::string(f[kTime]) + "'");

  AttlogRecord r;
  auto at = [&f](std::size_t i) { return i < f.size() ? f[i] : std::string_view(); };
  Status s = read_code(at(kStatus), "status", r.status);
  if (s.ok()) s = read_code(at(kVerify), "verify", r.verify);
  if (!s.ok()) return s;
  r.pin = std::string(f[kPin]);
  r.time = std::move(*time);
  r.workcode = std::string(at(kWorkcode));
  r.reserved1 = std::string(at(kReserved1));
  r.reserved2 = std::string(at(kReserved2));
  for (std::size_t i = kFirstExtra; i < f.size(); ++i) r.extra.emplace_back(f[i]);
  out.attlogs.push_back(std::move(r));
  return Status::success();
}

}  // namespace

void parse_attlog(std::string_view body, ParsedUpload& out) {
  for_each_line(body, [&out](std::string_view raw) {
    if (trim(raw).empty()) return;
    ++out.lines;
    Status s = parse_line(raw, out);
    if (!s.ok()) out.rejected.push_back(RejectedLine{std::string(raw), s.error().message});
  });
}

}  // namespace zkpush::protocol
