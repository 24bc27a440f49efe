// The names of the files terminals download (PutFile, UPGRADE): how a
// terminal's reference becomes a path relative to the files, the key of a
// file put through the API (store/file_records.h) and the name of one under
// <data>/files.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace zkpush::service {

// The path a reference names: a URL or a relative path, with its query
// dropped; "/iclock/file/fw/x.tgz", "file/fw/x.tgz" and "fw/x.tgz" all name
// "fw/x.tgz" (004 §12.5.2 example 1). A path with a ".." part is refused
// (invalid input), as is an empty one.
Result<std::string> terminal_file_path(std::string_view reference);

}  // namespace zkpush::service
