// Terminal text to UTF-8 (util/charset.h), for names and messages in every
// upload. Promise: what is stored is valid UTF-8 by the strict definition
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) that
// JSON readers of the API apply, whatever bytes a terminal sent; and UTF-8
// -> GB2312 -> UTF-8 never fails.
#include <nlohmann/json.hpp>

#include "fuzz.h"
#include "util/charset.h"

using namespace zkpush;

namespace {

bool strictly_valid(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();  // throws type_error 316 on invalid UTF-8
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = fuzz::as_text(data, size);
  for (Charset charset : {Charset::kUtf8, Charset::kGb2312}) {
    std::string utf8 = to_utf8(bytes, charset);
    FUZZ_CHECK(strictly_valid(utf8));
    FUZZ_CHECK(is_valid_utf8(utf8));
    FUZZ_CHECK(strictly_valid(to_utf8(from_utf8(utf8, Charset::kGb2312), Charset::kGb2312)));
  }
  return 0;
}
