// POST /iclock/devicecmd bodies -> command replies (004 §13; ACC-30..38;
// captures R27-R29, R34, R35, D08).
//
// A body holds one or more replies. Each reply starts at an `ID=` key (at the
// start of the body, of a line, or after '&'). Within a reply, fields are
// separated by '&' or line breaks, in any order, with stray spaces around
// keys, '=' and '&'. `Content=` takes everything after it up to the end of
// that reply, which for SHELL/GetFile replies is the end of the body (binary
// allowed). INFO replies carry `key=value` lines after the first line: they
// land in `fields`.
#pragma once

#include <string_view>
#include <vector>

#include "protocol/records.h"

namespace zkpush::protocol {

std::vector<CommandReply> parse_devicecmd(std::string_view body);

}  // namespace zkpush::protocol
