// Query strings as terminals send them (see query.h).
//
// What firmware actually puts after '?':
//   - keys in either case: `SN`/`sn`, `table`/`Table` (004 §5 vs PUSH 3.x);
//   - values with `%20`/`%2C` escapes (004 §9, capture R26) or raw spaces and
//     commas (000:L281, ACC-05; the http layer hands us the raw text);
//   - `table= ATTLOG` with a stray space (002:L333): values are NOT trimmed
//     here, the router trims the keys it routes on;
//   - an empty query after a bare '?' (capture R36).
// '+' is never form-decoded: no firmware form-encodes, and base64-ish values
// may contain it.
#include "protocol/query.h"

#include "protocol/text.h"
#include "util/hex.h"

namespace zkpush::protocol {

std::string percent_decode(std::string_view in) {
  std::string out;
  append_percent_decoded(in, out);
  return out;
}

void append_percent_decoded(std::string_view in, std::string& out) {
  out.reserve(out.size() + in.size());
  // Runs without '%' are copied whole: most keys and values have no escape.
  for (std::size_t i = 0; i < in.size();) {
    std::size_t pct = in.find('%', i);
    if (pct == std::string_view::npos) pct = in.size();
    out.append(in.data() + i, pct - i);
    if (pct == in.size()) break;
    int hi = pct + 2 < in.size() ? hex_value(in[pct + 1]) : -1;
    int lo = hi >= 0 ? hex_value(in[pct + 2]) : -1;
    if (lo >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i = pct + 3;
    } else {
      out.push_back('%');  // a malformed escape is kept literally
      i = pct + 1;
    }
  }
}

Query Query::parse(std::string_view raw) {
  Query q;
  q.items_.reserve(4);  // a poll has one or two keys, an upload three or four
  while (!raw.empty()) {
    const std::size_t amp = raw.find('&');
    const std::string_view item = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (trim(item).empty()) continue;  // "a=1&&b=2", trailing '&'
    std::size_t eq = item.find('=');
    std::string_view key = eq == std::string_view::npos ? item : item.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    // Keys are trimmed (a stray blank before '=' must not hide `SN`); values
    // are kept as sent.
    std::string decoded_key = percent_decode(trim(key));
    if (decoded_key.empty()) continue;
    q.items_.emplace_back(std::move(decoded_key), percent_decode(value));
  }
  return q;
}

std::optional<std::string_view> Query::get(std::string_view key) const {
  for (const auto& [k, v] : items_)
    if (iequals(k, key)) return std::string_view(v);
  return std::nullopt;
}

std::string Query::value_or(std::string_view key, std::string_view fallback) const {
  auto v = get(key);
  return std::string(v ? *v : fallback);
}

std::string clean_serial_number(std::string_view raw) {
  // field-lessons §5.17: firmware copies a fixed-size, NUL-padded buffer.
  // The serial is a C string, so anything after the first NUL (once leading
  // padding is gone) is buffer garbage, not part of the identity.
  std::string_view sn = trim(raw);
  std::size_t nul = sn.find('\0');
  if (nul != std::string_view::npos) sn = trim(sn.substr(0, nul));
  return std::string(sn);
}

Status check_serial_number(std::string_view sn) {
  if (sn.empty()) return Error::invalid("missing SN");
  if (sn.size() > kMaxSerialNumberLength)
    return Error::invalid("SN longer than " + std::to_string(kMaxSerialNumberLength) + " characters");
  if (sn.front() == '.') return Error::invalid("SN starts with '.'");
  for (char c : sn) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) return Error::invalid("SN contains a character other than letters, digits, '-', '_', '.' and ':'");
  }
  return Status::success();
}

}  // namespace zkpush::protocol
