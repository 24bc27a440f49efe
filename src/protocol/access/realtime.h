// Real-time uploads of the access-control dialect -> typed records. Pure
// functions over the body; never throw; every non-blank line is counted in
// `lines` and a line that cannot be understood lands in `rejected`.
//
//   table=rtlog        events (push3_catalog §2.2), and door-state rows that
//                      terminals put in the same POST (R21)
//   table=rtstate      door states (push3_catalog §2.3)
//   table=transaction  events replayed from the device's log, in the
//                      transaction schema (push3_catalog §4.2: time_second,
//                      eventtype, doorid...), or rtlog-style rows
//
// Rows are read by key in any order (R21 sends them in another order than
// the documents), with LF, CRLF or CR line ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/access/records.h"

namespace zkpush::protocol::access {

// Any of the three tables: a row with `sensor` or `relay` is a door state,
// any other an event.
void parse_realtime(std::string_view body, RealtimeUpload& out);

// A card number as panels write it: decimal, or "[15CD5B07]" (CN24
// §12.1.1-1: four bytes, least significant first, = 123456789). nullopt
// when it is neither.
std::optional<std::string> decimal_card_number(std::string_view text);

// CN24 App.5 ("OldEncodeTime"): seconds counted from 2000-01-01 with every
// month 31 days long. Used by `transaction.time_second`, SET OPTIONS
// DateTime and user validity when DateFmtFunOn=1.
int64_t encode_time(int year, int month, int day, int hour, int minute, int second);
// "YYYY-MM-DD HH:MM:SS" -> App.5 seconds; nullopt when not a record time.
std::optional<int64_t> encode_record_time(std::string_view time);
// App.5 seconds -> "YYYY-MM-DD HH:MM:SS" (negative: nullopt).
std::optional<std::string> decode_time(int64_t seconds);

// One door's state decoded from an rtstate row (push3_catalog §2.3, §9.4).
struct DoorState {
  int door = 0;  // 1-based
  // sensor: 2 bits a door, door 1 in the lowest bits of the first byte.
  enum class Sensor { kNone, kClosed, kOpen, kUnknown } sensor = Sensor::kUnknown;
  // relay: 1 bit a door; 1 = lock released (the door can be opened), as
  // ZKTeco's Java demo reads it; CN24 names the states without saying
  // which the lock is in.
  std::optional<bool> unlocked;
  // alarm: one byte a door, door 1 first (CN24 V3.6); bit 1 forced open,
  // 2 tamper, 4 duress password, 8 duress fingerprint, 16 door held open
  // (sensor timeout), 32 mains power failure, 64 battery failure, 128
  // reader tamper.
  int alarm = 0;
};

// The states of doors 1..`doors` (the device's LockCount) of one row; a door
// whose bits are absent from a short field gets kUnknown / nullopt / 0.
std::vector<DoorState> decode_door_states(const DoorStateRecord& row, int doors);

std::string_view sensor_name(DoorState::Sensor sensor);  // "none", "closed", "open", "unknown"
// The names of the alarm bits set, e.g. {"forced_open", "tamper"}.
std::vector<std::string_view> alarm_names(int alarm);

}  // namespace zkpush::protocol::access
