// tgz data packets (protocol/tgz.cc), with a small cap so that expansion
// limits are reached often. Promise: the text never exceeds the cap.
#include "fuzz.h"
#include "protocol/upload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kCap = 1 << 16;
  auto text = zkpush::protocol::extract_tgz(zkpush::fuzz::as_text(data, size), kCap);
  if (text) FUZZ_CHECK(text->size() <= kCap);
  return 0;
}
