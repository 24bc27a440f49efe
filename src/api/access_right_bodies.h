// The JSON bodies of the access-rights API, parsed and checked before
// anything is stored; errors are the 400 messages the client gets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "util/error.h"

namespace zkpush::api {

// {"name": "Office hours", "schedule": {"mon": [["08:00", "18:00"]], ..., "hol1": []}}:
// days sun..sat and hol1..hol3, at most three intervals a day, each start before its end.
Result<store::TimeZoneRow> parse_time_zone_body(std::string_view body);

// {"date": "2026-12-25", "type": 1, "yearly": true, "name": "Christmas"}.
Result<store::HolidayRow> parse_holiday_body(std::string_view body);

// {"name": "Staff", "time_zone_id": 1, "doors": [{"sn": "PANEL1", "door": 1}]}; the
// serial numbers are returned for the caller to look up, in the order of the doors.
struct LevelBody {
  store::AccessLevelRow level;
  std::vector<std::string> serials;  // one per door
};
Result<LevelBody> parse_level_body(std::string_view body);

// {"levels": [1, 2], "blocked": false}; either may be absent.
struct PersonAccessBody {
  std::optional<std::vector<int64_t>> levels;
  std::optional<bool> blocked;
};
Result<PersonAccessBody> parse_person_access_body(std::string_view body);

}  // namespace zkpush::api
