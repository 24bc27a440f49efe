// POST /iclock/devicecmd bodies (protocol/devicecmd.cc). Promise: each reply
// is a piece of the body (its `raw` text occurs in it) and starts at an ID.
#include "fuzz.h"
#include "protocol/devicecmd.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = zkpush::fuzz::as_text(data, size);
  for (const auto& reply : zkpush::protocol::parse_devicecmd(body)) {
    FUZZ_CHECK(body.find(reply.raw) != std::string_view::npos);
    FUZZ_CHECK(reply.raw.size() <= body.size());
  }
  return 0;
}
