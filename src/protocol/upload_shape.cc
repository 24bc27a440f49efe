// The size limits every text upload is checked against before it is parsed
// (upload.h: kMaxUploadLines, kMaxLineBytes). Refusing the whole body keeps
// "nothing half-written": a body over a limit stores nothing, and the
// terminal is told why (413).
#include <string>

#include "protocol/text.h"
#include "protocol/upload.h"

namespace zkpush::protocol {

Status check_upload_shape(std::string_view body) {
  std::size_t lines = 0;
  std::size_t longest = 0;
  for_each_line(body, [&](std::string_view line) {
    ++lines;
    if (line.size() > longest) longest = line.size();
  });
  if (lines > kMaxUploadLines)
    return Error::too_large("upload has " + std::to_string(lines) + " lines, more than " +
                            std::to_string(kMaxUploadLines));
  if (longest > kMaxLineBytes)
    return Error::too_large("upload has a line of " + std::to_string(longest) + " bytes, more than " +
                            std::to_string(kMaxLineBytes));
  return Status::success();
}

}  // namespace zkpush::protocol
