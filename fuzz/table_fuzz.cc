// Every other cdata table (protocol/table.cc): the first byte picks the
// table name, the rest is the body.
#include <iterator>

#include "protocol/upload.h"
#include "upload_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::string_view kTables[] = {"ATTLOG",   "OPERLOG",   "BIODATA", "IDCARD",    "ERRORLOG",
                                                 "USERINFO", "FINGERTMP", "rtlog",   "TABLEDATA", " attlog "};
  if (size == 0) return 0;
  std::string_view table = kTables[data[0] % std::size(kTables)];
  zkpush::protocol::ParsedUpload parsed;
  zkpush::protocol::parse_table(table, zkpush::fuzz::as_text(data + 1, size - 1), parsed);
  zkpush::fuzz::check_every_line_accounted_for(parsed);
  return 0;
}
