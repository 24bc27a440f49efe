// Upload lines as a canteen terminal writes them (spec 001 §6): the inverse
// of upload.h, for the terminal emulator and for round-trip tests. Fields are
// joined by TAB; a field's own TAB or line break becomes a space.
#pragma once

#include <string>

#include "protocol/canteen/records.h"

namespace zkpush::protocol::canteen {

// 11 fields, or 14 when the record has a sub wallet.
std::string format_buylog_line(const Transaction& t);
// 9 fields; `order` places RecNo and OPID (kUnknown: RecNo first).
std::string format_fulllog_line(const Transaction& t, FulllogOrder order);
std::string format_allowlog_line(const Transaction& t);
std::string format_item_line(const ItemDetail& d);

}  // namespace zkpush::protocol::canteen
