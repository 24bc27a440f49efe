// getrequest INFO= values (protocol/getrequest_info.cc). Promise: one field
// per comma-separated position, none lost.
#include <algorithm>

#include "fuzz.h"
#include "protocol/text.h"
#include "protocol/upload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view info = zkpush::fuzz::as_text(data, size);
  auto fields = zkpush::protocol::parse_getrequest_info(info);
  if (zkpush::protocol::trim(info).empty()) {
    FUZZ_CHECK(fields.empty());
  } else {
    FUZZ_CHECK(fields.size() == static_cast<std::size_t>(std::count(info.begin(), info.end(), ',')) + 1);
  }
  return 0;
}
