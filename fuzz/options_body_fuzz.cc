// table=options and registry bodies (protocol/options_body.cc). Promise:
// every pair has a trimmed, non-empty key; there are no more pairs than '='.
#include <algorithm>

#include "fuzz.h"
#include "protocol/text.h"
#include "protocol/upload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = zkpush::fuzz::as_text(data, size);
  auto fields = zkpush::protocol::parse_options_body(body);
  FUZZ_CHECK(fields.size() <= static_cast<std::size_t>(std::count(body.begin(), body.end(), '=')));
  for (const auto& [key, value] : fields) {
    FUZZ_CHECK(!key.empty());
    FUZZ_CHECK(zkpush::protocol::trim(key) == key);
    FUZZ_CHECK(zkpush::protocol::trim(value) == value);
  }
  return 0;
}
