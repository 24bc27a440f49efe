// Routing (protocol/route.h) from method, path, query and the body's first
// bytes. Promise: every request routed to an endpoint that takes data is one
// that may_carry_data() gives the large body limit to, so no terminal upload
// is refused as an oversized poll (for paths without percent escapes, which
// may_carry_data reads undecoded by design).
#include <string>

#include "fuzz.h"
#include "protocol/route.h"

using namespace zkpush::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto in = zkpush::fuzz::parts(zkpush::fuzz::as_text(data, size), 4);
  const std::string_view method = in[0], path = in[1], raw_query = in[2], body = in[3];
  Query query = Query::parse(raw_query);
  RoutedRequest route = route_request(method, path, query, body.substr(0, 256));

  std::string target(path);
  target += '?';
  target += raw_query;
  const bool data_endpoint = route.endpoint == Endpoint::kUpload || route.endpoint == Endpoint::kDeviceCmd ||
                             route.endpoint == Endpoint::kRegistry || route.endpoint == Endpoint::kPostVerify ||
                             route.endpoint == Endpoint::kAuthVerify;
  if (data_endpoint && path.find('%') == std::string_view::npos && path.find('?') == std::string_view::npos)
    FUZZ_CHECK(may_carry_data(method, target));
  if (route.endpoint == Endpoint::kUpload) FUZZ_CHECK(!route.table.empty());
  return 0;
}
