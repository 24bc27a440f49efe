// Base64 of templates and photos (protocol/base64.cc). Promises: encoding
// then decoding gives the bytes back; what decodes, re-encodes to something
// that decodes to the same bytes.
#include "fuzz.h"
#include "protocol/upload.h"

using namespace zkpush::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = zkpush::fuzz::as_text(data, size);
  auto round = decode_base64(encode_base64(input));
  FUZZ_CHECK(round.ok() && *round == input);
  if (auto decoded = decode_base64(input)) {
    auto again = decode_base64(encode_base64(*decoded));
    FUZZ_CHECK(again.ok() && *again == *decoded);
  }
  return 0;
}
