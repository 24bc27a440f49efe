// Typed records of the access-control dialect (Security PUSH 3.x): what
// panels and access terminals upload as real-time events and door states.
// Attendance records live in protocol/records.h; the people and templates an
// access device uploads become those same UserRecord/TemplateRecord values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/records.h"

namespace zkpush::protocol::access {

// One real-time event (push3_catalog §2.2): an `rtlog` row, or a `transaction` row
// replayed from the device's log (push3_catalog §4.2, its keys renamed here).
// Read by key, never by position: firmware orders the fields differently from
// the documents (capture R21).
struct AccessEventRecord {
  std::string time;     // device-local "YYYY-MM-DD HH:MM:SS", normalised when it is one
  bool time_valid = false;  // false: kept as sent (a clock before NTP: "1971--10--29 -23:-27:-54")
  std::string pin;      // "" or "0" when no person
  std::string card_no;  // "" or "0" when none; decimal (a [hex] form is converted)
  int event = -1;       // App.2 / App.19 code; -1 when absent or not a number
  int door = 0;         // eventaddr: door (or point) number, 0 for the device
  int in_out = -1;      // inoutstatus: 0 in, 1 out, 2 door/system rows; -1 absent
  std::string verify;   // verifytype as sent: a code (App.3) or a NewVFStyles bit string
  std::optional<int64_t> index;  // the device's record id (restarts after a factory reset)
  Fields extra;         // sitecode, linkid, maskflag, temperature, ... in order
};

// One `rtstate` row, or the door-state row a terminal puts inside `rtlog`
// (capture R21): hex strings as sent, decoded by decode_door_states().
struct DoorStateRecord {
  std::string time;
  std::string sensor, relay, alarm, door;
};

// An `rtlog`/`rtstate`/`transaction` body, in the order received.
struct RealtimeUpload {
  std::vector<AccessEventRecord> events;
  std::vector<DoorStateRecord> states;
  std::vector<RejectedLine> rejected;
  int lines = 0;
};

}  // namespace zkpush::protocol::access
