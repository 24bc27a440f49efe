// The event codes of `rtlog` (CN24 App.2, App.19; push3_catalog §5.1) as data: each
// code's meaning and what it says about a door and a person.
#pragma once

#include <string_view>

namespace zkpush::protocol::access {

// What an event is, for filters, webhooks and the console.
enum class EventClass {
  kGranted,  // a person passed (push3_catalog §5.1's pass set, with a real PIN)
  kDenied,   // refused or failed verification (20-99, 5000-5999)
  kAlarm,    // alarms and warnings (100-199, 6000-6999)
  kDoor,     // the door itself: opened, closed, remote open, normally-open periods
  kDevice,   // the device: started, connected, aux inputs...
  kUnknown,  // a code no document names
};

std::string_view event_class_name(EventClass c);  // "granted", "denied", ...
// nullopt-like: kUnknown for an unknown name.
EventClass event_class_from_name(std::string_view name);

// The code's meaning in English ("" for a code no document names).
std::string_view event_name(int code);

// The class of an event. A pass needs a person: the pass codes also arrive
// with PIN 0 (an exit button, a remote open), which are door events.
// Terminals in access mode report event 3 for an ordinary verification (R21,
// push3_catalog §9.5) although App.2 calls 3 "multi-person open": it counts as a
// pass either way.
EventClass classify_event(int code, std::string_view pin);

}  // namespace zkpush::protocol::access
