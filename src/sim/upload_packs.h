// The cdata posts a command makes the terminal send before its reply
// (AMB-42): query answers and enrolment results.
//
// A query answer (002:L1043-1059; capture R31; B4, B6) goes up as ordinary
// cdata posts of the table, marked Stamp=0 so the server neither stores it as
// the terminal's stamp nor mistakes it for new data (AMB-19), in packs of at
// most 128 records (R09) with
//   table=<T>&Stamp=0&Count=<total>&PackCnt=<packs>&PackIdx=<1..n>&CmdId=<id>
// in R31's order. 000/002-era firmware (legacy) sends only table and Stamp=0,
// as 002's example does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/command_executor.h"

namespace zkpush::sim {

inline constexpr std::size_t kMaxLinesPerPost = 128;

// Groups lines into bodies of at most kMaxLinesPerPost lines, LF after each.
std::vector<std::string> pack_lines(const std::vector<std::string>& lines);

// One post per body; `count` is the number of records in all of them.
std::vector<Upload> query_answer(std::string_view table, std::vector<std::string> bodies, std::size_t count,
                                 std::string_view cmd_id, bool legacy);

// A plain post of new records (an enrolment): table=<T> and nothing else; the
// terminal's own stamps are not the executor's to invent.
Upload record_upload(std::string_view table, std::string body);

}  // namespace zkpush::sim
