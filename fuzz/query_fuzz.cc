// Query strings (protocol/query.h) and the serial number taken from them.
// Promises: get() returns the first item whose key matches ignoring case;
// percent-encoding any bytes and decoding them gives them back; a serial
// number that passes check_serial_number is short and plain.
#include <string>

#include "fuzz.h"
#include "protocol/query.h"
#include "protocol/text.h"

using namespace zkpush::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = zkpush::fuzz::as_text(data, size);
  Query query = Query::parse(input);
  for (const auto& [key, value] : query.items()) {
    FUZZ_CHECK(!key.empty());
    auto found = query.get(key);
    FUZZ_CHECK(found.has_value());
    for (const auto& [k, v] : query.items()) {
      if (iequals(k, key)) {
        FUZZ_CHECK(*found == v);
        break;
      }
    }
  }

  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : input) {
    encoded += '%';
    encoded += kHex[c >> 4];
    encoded += kHex[c & 0xf];
  }
  FUZZ_CHECK(percent_decode(encoded) == input);

  std::string sn = clean_serial_number(query.value_or("SN", ""));
  if (check_serial_number(sn).ok()) {
    FUZZ_CHECK(!sn.empty() && sn.size() <= kMaxSerialNumberLength);
    FUZZ_CHECK(sn.find_first_of("/\\ \t\r\n\"'") == std::string::npos);
    FUZZ_CHECK(printable(sn) == sn);
  }
  return 0;
}
