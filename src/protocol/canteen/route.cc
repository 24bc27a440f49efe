#include "protocol/canteen/route.h"

#include "protocol/text.h"

namespace zkpush::protocol::canteen {

bool is_canteen_segment(std::string_view s) {
  return iequals(s, "cpos") || iequals(s, "posrequest") || iequals(s, "postrequest") || iequals(s, "posdevicecmd") ||
         iequals(s, "exchange");
}

Route route_canteen(std::string_view method, std::string_view segment, const Query& query) {
  Route r;
  r.sn = clean_serial_number(query.value_or("SN", ""));
  const bool get = iequals(method, "GET");
  const bool post = iequals(method, "POST");
  if (iequals(segment, "cpos")) {
    if (get) r.endpoint = iequals(trim(query.value_or("type", "")), "time") ? Endpoint::kTime : Endpoint::kOptions;
    if (post && !trim(query.value_or("table", "")).empty()) {
      r.endpoint = Endpoint::kUpload;
      r.table = std::string(trim(query.value_or("table", "")));
    }
  } else if (iequals(segment, "posrequest") || iequals(segment, "postrequest")) {
    if (get || post) r.endpoint = query.has("RepType") ? Endpoint::kCardRequest : Endpoint::kPoll;
  } else if (iequals(segment, "posdevicecmd")) {
    if (post) r.endpoint = Endpoint::kCommandReply;
  } else if (iequals(segment, "exchange")) {
    if (post || get) r.endpoint = Endpoint::kExchange;
  }
  return r;
}

}  // namespace zkpush::protocol::canteen
