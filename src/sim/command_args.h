// Reading a server command's text the way firmware does: leading words
// ("DATA", "UPDATE", "USERINFO") separated by blanks, then key=value
// arguments (004 §12).
//
// Arguments are TAB-separated in every format string of the documents
// ("PIN=%d\tFID=%d", 000:L512, 004 ${HT}), but every printed example uses
// spaces (AMB-01; 004 §12.5.2's AppendData sample). So: when the argument
// text holds a TAB, only TABs separate fields and a value keeps its spaces
// ("Name=Zhang San", "MSG=room 5 at 10"); without a TAB the codec's
// kv_line.h rules apply (a run of spaces before "Key=" starts a field).
// Keys and values are trimmed of blanks (004 prints "PIN=${XXX} ${HT}
// FID=${XXX}"); look-ups ignore the key's case (PIN/Pin, Size/SIZE).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/kv_line.h"

namespace zkpush::sim {

using Args = protocol::KvViews;  // views into the command text

// Removes and returns the first word of `text` (ended by a space or a TAB);
// `text` keeps what follows, leading blanks skipped. "" when `text` is blank.
std::string_view next_word(std::string_view& text);

// Splits argument text by the rules above. Empty fields are dropped.
Args parse_args(std::string_view text);

// The value of `key` (case ignored), if present.
std::optional<std::string_view> arg(const Args& args, std::string_view key);

// The value of `key` when present and not empty.
std::optional<std::string_view> nonempty_arg(const Args& args, std::string_view key);

// An integer argument. Returns false when the key is present with a value
// that is not a whole int; `out` is nullopt when the key is absent or empty.
bool int_arg(const Args& args, std::string_view key, std::optional<int>& out);

// A time argument (StartTime/EndTime) as "YYYY-MM-DD HH:MM:SS", or nullopt
// when absent or not a time. Blanks after a colon are dropped first: 004
// prints the format as "XXXX-XX-XX XX: XX: XX" (§12.1.3, §12.3.3).
std::optional<std::string> time_arg(const Args& args, std::string_view key);

}  // namespace zkpush::sim
