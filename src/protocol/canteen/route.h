// Which canteen request (spec 001) an HTTP request is, from its method, path
// and query alone (catalog §2):
//
//   GET  /iclock/cpos?options=all...     kOptions      handshake (§3)
//   GET  /iclock/cpos?type=time          kTime         clock (§5)
//   POST /iclock/cpos?table=...          kUpload       records (§6)
//   GET  /iclock/posrequest?...&RepType= kCardRequest  loss / password (§8)
//   GET  /iclock/posrequest?type=&devno= kPoll         commands (§7)
//   POST /iclock/posdevicecmd            kCommandReply replies, GetFile (§9, §7.10)
//   POST /iclock/exchange                kExchange     key exchange (§4), which we refuse
//
// Printed defects tolerated: `/iclock/postrequest` is posrequest; a
// posrequest sent as POST is still a poll; a GET cpos that is neither
// options nor time is answered with the options, the safest reply.
#pragma once

#include <string>
#include <string_view>

#include "protocol/query.h"

namespace zkpush::protocol::canteen {

enum class Endpoint { kOptions, kTime, kUpload, kPoll, kCardRequest, kCommandReply, kExchange, kUnknown };

struct Route {
  Endpoint endpoint = Endpoint::kUnknown;
  std::string sn;     // cleaned serial number; empty if absent
  std::string table;  // kUpload: table= as sent, trimmed (storedetail is lower case in the spec)
};

// True for the last path segment of a canteen request ("cpos", "posrequest",
// "postrequest", "posdevicecmd", "exchange"; any case).
bool is_canteen_segment(std::string_view segment);

// `segment` is the endpoint name under /iclock/ (protocol::endpoint_name).
Route route_canteen(std::string_view method, std::string_view segment, const Query& query);

}  // namespace zkpush::protocol::canteen
