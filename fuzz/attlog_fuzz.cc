// table=ATTLOG bodies (protocol/attlog.cc): every line a punch or a rejected
// line; a punch always has a PIN and a normalised time.
#include "protocol/upload.h"
#include "upload_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = zkpush::fuzz::as_text(data, size);
  (void)zkpush::protocol::check_upload_shape(body);
  zkpush::protocol::ParsedUpload parsed;
  zkpush::protocol::parse_attlog(body, parsed);
  zkpush::fuzz::check_every_line_accounted_for(parsed);
  for (const auto& punch : parsed.attlogs) {
    FUZZ_CHECK(!punch.pin.empty());
    FUZZ_CHECK(punch.time.size() == 19);  // "YYYY-MM-DD HH:MM:SS"
  }
  return 0;
}
