// Record timestamps as terminals write them: device-local wall-clock time
// "YYYY-MM-DD HH:MM:SS" without an offset (004 §11.2, ACC-17). Some firmware
// and the documents' examples drop the zero padding or separate the date and
// the time by more than one blank (a tab in 004 §11.7's example).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zkpush::protocol {

// "2024-8-5 9:40:07" -> "2024-08-05 09:40:07". The year has four digits, the
// other parts one or two; date and time are separated by one or more spaces
// or tabs. Returns nullopt for anything else or an out-of-range part
// (month 1-12, day 1-31, hour 0-23, minute and second 0-59).
std::optional<std::string> normalize_record_time(std::string_view text);

// True when normalize_record_time would succeed (no allocation).
bool is_record_time(std::string_view text);

// The TimeZone option in minutes east of UTC: hours for whole zones, minutes
// when its magnitude is 60 or more (004 §5: TimeZone=330 for India).
inline int time_zone_minutes(long long time_zone) {
  return static_cast<int>(time_zone > -60 && time_zone < 60 ? time_zone * 60 : time_zone);
}

}  // namespace zkpush::protocol
