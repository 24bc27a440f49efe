// OPLOG records (004 §11.4; ACC-23): "OPLOG${SP}OpType${HT}OpWho${HT}OpTime
// ${HT}Value1${HT}Value2${HT}Value3${HT}Reserved", and 003's form without the
// "OPLOG " prefix (003 §3). Captures R03/R17 (OpType 70, in no code table),
// R05, R14, D06. The documents' example is printed with spaces (AMB-01), so
// positional.h's splitter is used. Op codes are kept raw: unknown codes are
// valid. Fields beyond the seventh are ignored.
#include <climits>
#include <string>

#include "protocol/positional.h"
#include "protocol/record_time.h"
#include "protocol/text.h"
#include "protocol/upload_records.h"

namespace zkpush::protocol {

Status add_oplog(std::string_view positional, ParsedUpload& out) {
  constexpr std::size_t kTime = 2;
  auto f = split_positional(positional, kTime);
  if (f.size() < 3) return Error::invalid("OPLOG needs OpType, OpWho and OpTime");
  auto op = parse_int(f[0]);
  if (!op || *op < INT_MIN || *op > INT_MAX)
    return Error::invalid("bad OpType: '" + std::string(f[0]) + "'");
  auto time = normalize_record_time(f[kTime]);
  if (!time) return Error::invalid("bad OpTime: '" + std::string(f[kTime]) + "'");

  OplogRecord r;
  r.op_type = static_cast<int>(*op);
  r.op_who = std::string(f[1]);
  r.time = std::move(*time);
  auto at = [&f](std::size_t i) { return i < f.size() ? std::string(f[i]) : std::string(); };
  r.value1 = at(3);
  r.value2 = at(4);
  r.value3 = at(5);
  r.reserved = at(6);
  out.oplogs.push_back(std::move(r));
  return Status::success();
}

}  // namespace zkpush::protocol
