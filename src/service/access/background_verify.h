// Background verification (CN24 §13; push3_catalog §3.8): a panel with
// AutoServerFunOn=1 asks the server whether to open, `POST
// cdata?AuthType=device` with the reader's event; the server answers from
// the access rights: the person is not blocked and holds a level with this
// door whose time zone is open now.
//
//   AUTH=SUCCEED\r\n<the record>\r\nCONTROL DEVICE 01<door>01<seconds>\r\n
//   AUTH=FAILED\r\n<the record>\r\n
//
// (EN21 and ZKTeco's Java demo write AUTH=SUCCESS; CN24, the newer, SUCCEED.)
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "store/store.h"

namespace zkpush::service::access {

// Whether the time zone's schedule (door_records.h) is open at `local`
// (a holiday's hol<type> intervals on a holiday of `holidays`).
bool time_zone_open(const store::TimeZoneRow& zone, const std::vector<store::HolidayRow>& holidays,
                    const std::tm& local);

// Whether `person` may pass `door` of `device` at `local`.
bool may_pass(const store::AccessRights& rights, int64_t person, store::DeviceId device, int door, const std::tm& local);

// The reply to a verification request `record` (the body, one line).
std::string verification_reply(bool pass, std::string_view record, int door);

}  // namespace zkpush::service::access
