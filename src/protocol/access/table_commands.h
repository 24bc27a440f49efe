// The table commands of the access dialect (CN24 §12.1; push3_catalog §3.2-
// §3.4): rows as the panels' command side spells them (Capitalised keys,
// TAB between fields, further rows of one command on following lines), and
// the encodings of their values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/records.h"

namespace zkpush::protocol::access {

// "DATA UPDATE <table> f=v\tf=v\nf=v\tf=v" (CN24 §12.1.1's multi-row form).
std::string data_update(std::string_view table, const std::vector<Fields>& rows);
// "DATA DELETE <table> f=v\tf=v", or "DATA DELETE <table> *" for no condition.
std::string data_delete(std::string_view table, const Fields& condition);
// "DATA COUNT <table>".
std::string data_count(std::string_view table);
// "DATA QUERY tablename=<t>,fielddesc=*,filter=*" (no spaces: push3_catalog §3.4).
std::string data_query(std::string_view table);

// One row's text as data_update writes it ("f=v\tf=v").
std::string row_text(const Fields& row);

// A timezone slot: (HHMM start << 16) + HHMM end, in decimal (CN24
// §12.1.1-7: 8:30-12:00 -> (830 << 16) + 1200). "HH:MM" both; nullopt when
// either is not a time of day or the interval is empty.
std::optional<int64_t> timezone_slot(std::string_view start, std::string_view end);

}  // namespace zkpush::protocol::access
