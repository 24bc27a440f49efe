// HTTP Range for file downloads (004 §12.8.2 method 3: terminals pull
// firmware in 1 MB pieces). One byte range per request is all they use.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace zkpush::http {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

enum class RangeResult { kWhole, kPartial, kUnsatisfiable };

// Interprets a Range header value for a file of `size` bytes. An absent or
// unsupported (multi-range, non-bytes) header means the whole file.
RangeResult parse_range(std::string_view header, uint64_t size, ByteRange& out);

}  // namespace zkpush::http
