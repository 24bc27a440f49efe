// table=OPERLOG bodies (protocol/operlog.cc) with every tag: OPLOG, USER, FP,
// FACE, FVEIN, BIODATA, USERPIC, BIOPHOTO, IDCARD, WORKCODE, ERRORLOG, 003's
// prefix-less OPLOG, unknown tags, base64 continuation lines.
#include "protocol/upload.h"
#include "upload_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  zkpush::protocol::ParsedUpload parsed;
  zkpush::protocol::parse_operlog(zkpush::fuzz::as_text(data, size), parsed);
  zkpush::fuzz::check_every_line_accounted_for(parsed);
  for (const auto& user : parsed.users) FUZZ_CHECK(!user.pin.empty());
  return 0;
}
