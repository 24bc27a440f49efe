// The JSON API's request bodies as its router reads them
// (api/request_bodies.h). Promise: a settings value accepted is one line.
#include "api/request_bodies.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = zkpush::fuzz::as_text(data, size);
  (void)zkpush::api::parse_command_body(body);
  if (auto settings = zkpush::api::parse_settings_body(body)) {
    for (const auto& [key, value] : *settings) FUZZ_CHECK(value.find_first_of("\r\n") == std::string::npos);
  }
  return 0;
}
