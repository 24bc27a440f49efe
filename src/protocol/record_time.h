// Record timestamps as terminals write them: device-local wall-clock time
// "YYYY-MM-DD HH:MM:SS" without an offset (004 §11.2, ACC-17). Some firmware
// and the documents' examples drop the zero padding or separate the date and
// the time by more than one blank (a tab in 004 §11.7's example).
#pragma once

#include <cstdint>
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

// Seconds since the epoch of a record time read as if it were UTC (callers
// subtract the device's zone); nullopt when it is not a record time.
std::optional<int64_t> record_time_as_utc_seconds(std::string_view text);

// The TimeZone option (004 §5) in minutes east of UTC: a whole number of
// hours when -60 < value < 60 ("8", "-5"), minutes otherwise ("330");
// nullopt when it is not an integer.
std::optional<int> time_zone_minutes(std::string_view value);

// A record's instant in Unix milliseconds from its device-local time and the
// device's TimeZone option; nullopt when either cannot be read.
std::optional<int64_t> record_utc_ms(std::string_view time, std::string_view time_zone);

}  // namespace zkpush::protocol
