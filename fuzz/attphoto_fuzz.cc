// ATTPHOTO bodies (protocol/attphoto.cc): header + NUL + JPEG, base64 after
// the NUL, or a bare JPEG. The first part is the PIN query parameter.
// Promise: only an empty body fails.
#include "fuzz.h"
#include "protocol/upload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto in = zkpush::fuzz::parts(zkpush::fuzz::as_text(data, size), 2);
  auto photo = zkpush::protocol::parse_attphoto(in[1], in[0]);
  FUZZ_CHECK(photo.ok() == !in[1].empty());
  return 0;
}
