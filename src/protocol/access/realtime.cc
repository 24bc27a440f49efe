// rtlog / rtstate / transaction bodies (see realtime.h).
#include "protocol/access/realtime.h"

#include <array>

#include "protocol/kv_line.h"
#include "protocol/record_time.h"
#include "protocol/text.h"

namespace zkpush::protocol::access {
namespace {

// The transaction schema's keys and the rtlog keys they stand for (CN24
// §12.1.4-3: verified/verifytype, doorid/eventaddr, eventtype/event,
// inoutstate/inoutstatus, time_second/time).
struct Keys {
  std::string_view time, verify, door, event, in_out;
};
constexpr Keys kRtlogKeys{"time", "verifytype", "eventaddr", "event", "inoutstatus"};
constexpr Keys kTransactionKeys{"time_second", "verified", "doorid", "eventtype", "inoutstate"};

bool is_key(std::string_view key, const Keys& keys) {
  for (std::string_view k : {keys.time, keys.verify, keys.door, keys.event, keys.in_out, std::string_view("pin"),
                             std::string_view("cardno"), std::string_view("index")})
    if (iequals(key, k)) return true;
  return false;
}

Status read_event(const KvViews& fields, const Keys& keys, AccessEventRecord& r) {
  auto time = find_kv(fields, keys.time);
  if (!time) return Error::invalid("event without " + std::string(keys.time));
  if (keys.time == kTransactionKeys.time) {
    auto seconds = parse_int(*time);
    auto decoded = seconds ? decode_time(*seconds) : std::nullopt;
    if (!decoded) return Error::invalid("time_second is not App.5 seconds");
    r.time = *decoded;
    r.time_valid = true;
  } else if (auto normal = normalize_record_time(*time)) {
    r.time = *normal;
    r.time_valid = true;
  } else {
    r.time = std::string(*time);  // kept and flagged: a clock not yet set (push3_catalog §2.2)
  }
  r.pin = std::string(find_kv(fields, "pin").value_or(""));
  if (auto card = find_kv(fields, "cardno")) {
    auto decimal = decimal_card_number(*card);
    r.card_no = decimal ? *decimal : std::string(*card);
  }
  if (auto s = read_int_kv(fields, keys.event, r.event); !s) return s;
  if (auto s = read_int_kv(fields, keys.door, r.door); !s) return s;
  if (auto s = read_int_kv(fields, keys.in_out, r.in_out); !s) return s;
  r.verify = std::string(find_kv(fields, keys.verify).value_or(""));
  if (auto index = find_kv(fields, "index"); index && !trim(*index).empty()) {
    auto n = parse_int(*index);
    if (!n) return Error::invalid("index is not a number");
    r.index = *n;
  }
  if (r.event < 0) return Error::invalid("event without an event code");
  for (const auto& [key, value] : fields)
    if (!is_key(key, keys)) r.extra.emplace_back(key, value);
  return Status::success();
}

DoorStateRecord read_state(const KvViews& fields) {
  auto get = [&fields](std::string_view key) { return std::string(find_kv(fields, key).value_or("")); };
  DoorStateRecord r{get("time"), get("sensor"), get("relay"), get("alarm"), get("door")};
  if (auto normal = normalize_record_time(r.time)) r.time = *normal;
  return r;
}

}  // namespace

void parse_realtime(std::string_view body, RealtimeUpload& out) {
  for_each_line(body, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty()) return;
    ++out.lines;
    TaggedLine tagged = split_tag(line);  // "transaction cardno=..." has a prefix
    KvViews fields = split_kv_fields(tagged.rest);
    if (find_kv(fields, "sensor") || find_kv(fields, "relay")) {
      out.states.push_back(read_state(fields));
      return;
    }
    const bool transaction = iequals(tagged.tag, "transaction") || find_kv(fields, "time_second");
    AccessEventRecord r;
    if (auto s = read_event(fields, transaction ? kTransactionKeys : kRtlogKeys, r); !s) {
      out.rejected.push_back(RejectedLine{std::string(line), s.error().message});
      return;
    }
    out.events.push_back(std::move(r));
  });
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Byte `i` of a hex string, or -1 when absent or not hex.
int hex_byte(std::string_view hex, std::size_t i) {
  if (hex.size() < 2 * i + 2) return -1;
  const int high = hex_value(hex[2 * i]), low = hex_value(hex[2 * i + 1]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

std::optional<std::string> decimal_card_number(std::string_view text) {
  text = trim(text);
  if (text.size() == 10 && text.front() == '[' && text.back() == ']') {
    uint64_t value = 0;
    for (int i = 3; i >= 0; --i) {
      const int byte = hex_byte(text.substr(1, 8), static_cast<std::size_t>(i));
      if (byte < 0) return std::nullopt;
      value = value * 256 + static_cast<uint64_t>(byte);
    }
    return std::to_string(value);
  }
  if (text.empty()) return std::string();
  for (char c : text)
    if (!is_digit(c)) return std::nullopt;
  return std::string(text);
}

int64_t encode_time(int year, int month, int day, int hour, int minute, int second) {
  return ((int64_t{year - 2000} * 12 * 31 + (month - 1) * 31 + day - 1) * 86400) + hour * 3600 + minute * 60 +
         second;
}

std::optional<int64_t> encode_record_time(std::string_view time) {
  auto normal = normalize_record_time(time);
  if (!normal) return std::nullopt;
  const std::string& t = *normal;
  auto part = [&t](std::size_t at, std::size_t n) { return static_cast<int>(*parse_int(t.substr(at, n))); };
  return encode_time(part(0, 4), part(5, 2), part(8, 2), part(11, 2), part(14, 2), part(17, 2));
}

std::optional<std::string> decode_time(int64_t seconds) {
  if (seconds < 0) return std::nullopt;
  const int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  const int year = static_cast<int>(2000 + days / (12 * 31));
  const int month = static_cast<int>(days % (12 * 31) / 31 + 1);
  const int day = static_cast<int>(days % 31 + 1);
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int month_days = month == 2 && leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
  if (day > month_days) return std::nullopt;  // the 31-day months leave holes
  char text[20];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", year, month, day,
                static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  return std::string(text);
}

std::vector<DoorState> decode_door_states(const DoorStateRecord& row, int doors) {
  std::vector<DoorState> states;
  for (int door = 1; door <= doors; ++door) {
    DoorState s;
    s.door = door;
    const auto i = static_cast<std::size_t>(door - 1);
    if (int byte = hex_byte(row.sensor, i / 4); byte >= 0) {
      static constexpr std::array kSensors = {DoorState::Sensor::kNone, DoorState::Sensor::kClosed,
                                              DoorState::Sensor::kOpen, DoorState::Sensor::kUnknown};
      s.sensor = kSensors[static_cast<std::size_t>((byte >> (2 * (i % 4))) & 3)];
    }
    if (int byte = hex_byte(row.relay, i / 8); byte >= 0) s.unlocked = ((byte >> (i % 8)) & 1) != 0;
    if (int byte = hex_byte(row.alarm, i); byte >= 0) s.alarm = byte;
    states.push_back(s);
  }
  return states;
}

std::string_view sensor_name(DoorState::Sensor sensor) {
  switch (sensor) {
    case DoorState::Sensor::kNone: return "none";
    case DoorState::Sensor::kClosed: return "closed";
    case DoorState::Sensor::kOpen: return "open";
    case DoorState::Sensor::kUnknown: break;
  }
  return "unknown";
}

std::vector<std::string_view> alarm_names(int alarm) {
  static constexpr std::array<std::string_view, 8> kBits = {
      "forced_open", "tamper", "duress_password", "duress_fingerprint",
      "held_open",   "mains_power_failure", "battery_failure", "reader_tamper"};
  std::vector<std::string_view> names;
  for (std::size_t bit = 0; bit < kBits.size(); ++bit)
    if (alarm & (1 << bit)) names.push_back(kBits[bit]);
  return names;
}

}  // namespace zkpush::protocol::access
