// getrequest INFO= (004 §9; 002 L554-566; ACC-06; legacy catalog §3.10): a
// positional comma list, 5 values on 000 firmware, 10 on 002/004 (capture
// D03), 13 on SenseFace 2A (R26). Positions past the documented ten are kept
// as INFO11, INFO12... so nothing is lost. The caller has already
// percent-decoded the value ("Ver%202.0.12" -> "Ver 2.0.12"; R26 encodes the
// commas too). Values are trimmed; empty positions are kept.
#include <string>

#include "protocol/text.h"
#include "protocol/upload.h"

namespace zkpush::protocol {

Fields parse_getrequest_info(std::string_view info) {
  static constexpr std::string_view kNames[] = {
      "FWVersion", "UserCount",   "FPCount",         "TransactionCount", "IPAddress",
      "FPVersion", "FaceVersion", "FaceEnrollCount", "FaceCount",        "FunctionFlags"};
  constexpr std::size_t kNamed = sizeof(kNames) / sizeof(kNames[0]);
  Fields out;
  if (trim(info).empty()) return out;
  auto values = split(info, ',');
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string name = i < kNamed ? std::string(kNames[i]) : "INFO" + std::to_string(i + 1);
    out.emplace_back(std::move(name), std::string(trim(values[i])));
  }
  return out;
}

}  // namespace zkpush::protocol
