// The tables a terminal keeps without the emulator interpreting them
// (terminal_db.h `tables`): rows of key=value as the server sent them, one
// row per natural key. The key of each table is the field its DELETE form
// names or, where 004 gives no DELETE, the field that numbers the row:
//   SMS UID (§12.1.1.9)           USER_SMS PIN+UID (§12.1.1.10)
//   ADPIC Index (§12.1.1.11)      WORKCODE PIN, "working code index" (§12.1.1.12)
//   ShortcutKey KeyID (§12.1.1.13) AccGroup ID (§12.1.1.14)
//   AccTimeZone UID (§12.1.1.15)  AccHoliday UID (§12.1.1.16)
//   AccUnLockComb UID (§12.1.1.17) IDCARD IDNum (§12.1.1.2: PIN is 0 when unbound)
//   BLACKLIST IDNum, WHITELIST IDNum (§12.1.1.18-19)  BIOPHOTO PIN+Type (§12.1.1.8)
#pragma once

#include <optional>
#include <string_view>

#include "sim/command_args.h"
#include "sim/terminal_db.h"

namespace zkpush::sim {

// The table's canonical spelling ("shortcutkey" -> "ShortcutKey"), or
// nullopt when it is not one of the tables above.
std::optional<std::string_view> generic_table(std::string_view name);

// DATA UPDATE: merges `args` into the row with the same key (keys compared
// ignoring case, values exactly), or appends a new row. False when a key
// field is missing or empty (the command's -1).
bool upsert_row(TerminalDb& db, std::string_view table, const Args& args);

// DATA DELETE: removes every row whose fields match all of `conditions`
// (004's DELETE forms name one field: SMS UID, WORKCODE CODE, ADPIC Index,
// BLACKLIST/WHITELIST IDNum, BIOPHOTO PIN). False when there is no condition.
bool delete_rows(TerminalDb& db, std::string_view table, const Args& conditions);

// Removes the rows of `table` whose `key` field equals `value` (a deleted
// user's comparison photos and short-message links).
void delete_rows_where(TerminalDb& db, std::string_view table, std::string_view key, std::string_view value);

}  // namespace zkpush::sim
