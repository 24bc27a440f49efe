// Positional record lines: ATTLOG (004 §11.2, §11.7) and OPLOG (004 §11.4,
// 003's prefix-less form). The documents say the fields are tab-separated,
// but every printed example uses spaces and the time itself contains a space
// (AMB-01, ACC-13), so both forms are accepted.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace zkpush::protocol {

// Splits one line into fields. Trailing blanks are dropped first (so trailing
// empty fields never appear). A line still containing a TAB is split on every
// TAB (empty fields kept: "1\t...\t\t0" has an empty WorkCode) and each field is
// trimmed; a line without a TAB is split on runs of spaces. Then, when the
// field at `time_index` is not a time by itself but together with the next
// field it is ("2015-07-30" "15:16:28"), the two become one field (a view
// spanning both, separator included).
std::vector<std::string_view> split_positional(std::string_view line, std::size_t time_index);

}  // namespace zkpush::protocol
