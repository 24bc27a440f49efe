// Canteen terminals' uploads (protocol/canteen/upload.cc): the first byte
// picks the table (and FULLLOG's field order), the rest is the body. Each
// non-blank line must become one record or one rejected line, as with the
// attendance tables.
#include <iterator>

#include "fuzz.h"
#include "protocol/canteen/upload.h"

namespace canteen = zkpush::protocol::canteen;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body = zkpush::fuzz::as_text(data + 1, size - 1);
  canteen::CanteenUpload out;
  switch (data[0] % 6) {
    case 0: canteen::parse_buylog(body, out); break;
    case 1: canteen::parse_allowlog(body, out); break;
    case 2: canteen::parse_item_details(canteen::ItemDetail::Kind::kProduct, body, out); break;
    case 3: canteen::parse_item_details(canteen::ItemDetail::Kind::kKey, body, out); break;
    case 4: canteen::parse_fulllog(body, canteen::FulllogOrder::kOpidThenRecNo, out); break;
    default:
      // The order as the server picks it, from a StampId taken from the first byte.
      canteen::parse_fulllog(body, canteen::detect_fulllog_order(body, data[0], std::nullopt), out);
  }
  const std::size_t kept = out.transactions.size() + out.details.size() + out.rejected.size();
  FUZZ_CHECK(out.lines >= 0);
  FUZZ_CHECK(kept == static_cast<std::size_t>(out.lines));
  return 0;
}
