// Which protocol request an HTTP request is. One function decides, from the
// method, the path and the query alone (plus the first bytes of the body for
// the last-resort rule), so every legacy routing rule lives in one place.
// Rules: legacy_catalog §2.2; B10 (`.aspx` suffixes).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/query.h"

namespace zkpush::protocol {

enum class Endpoint : uint8_t {
  kHandshake,        // GET cdata?options=all
  kUpload,           // POST cdata/fdata carrying data; `table` says which
  kRemoteAttendance, // GET cdata?table=RemoteAtt&PIN= or GET cdata?PIN= (002)
  kPostVerify,       // POST cdata?type=PostVerifyData (004 §12.8.3)
  kAuthVerify,       // POST cdata?AuthType=CARD|FP (002 background verification)
  kGetRequest,       // GET getrequest
  kPing,             // GET|POST ping
  kDeviceCmd,        // POST devicecmd
  kFile,             // GET file?url=  (UPGRADE / PutFile download)
  kPutFileFetch,     // GET /iclock/FileName=<name>?...  (capture R36)
  kRegistry,         // POST registry (PUSH 3.x)
  kPush,             // GET|POST push: the session's configuration (PUSH 3.x, catalog §1.5)
  kCanteen,          // cpos, posrequest, posdevicecmd, exchange: the canteen dialect (spec 001),
                     // routed further by protocol/canteen/route.h
  kUnknown,
};

// A short name for logs and metrics: "handshake", "upload", "getrequest"...
std::string_view endpoint_label(Endpoint endpoint);

// Upper-case canonical table names for kUpload.
namespace table {
inline constexpr std::string_view kAttlog = "ATTLOG";
inline constexpr std::string_view kOperlog = "OPERLOG";
inline constexpr std::string_view kAttphoto = "ATTPHOTO";
inline constexpr std::string_view kBiodata = "BIODATA";
inline constexpr std::string_view kIdcard = "IDCARD";
inline constexpr std::string_view kErrorlog = "ERRORLOG";
inline constexpr std::string_view kUserinfo = "USERINFO";    // 003, no USER prefix
inline constexpr std::string_view kFingertmp = "FINGERTMP";  // 003, no FP prefix
inline constexpr std::string_view kOptions = "OPTIONS";
inline constexpr std::string_view kFpImage = "FPIMAGE";      // 000 FPImage= bitmap

// The tables that carry a stamp (004 §5: the handshake echoes one
// <table>Stamp per table; a CHECK resets them all to 0).
inline constexpr std::array<std::string_view, 6> kStampTables{kAttlog, kOperlog, kAttphoto,
                                                              kBiodata, kIdcard, kErrorlog};
constexpr bool has_stamp(std::string_view table) {
  for (std::string_view t : kStampTables)
    if (table == t) return true;
  return false;
}
}  // namespace table

struct RoutedRequest {
  Endpoint endpoint = Endpoint::kUnknown;
  std::string sn;     // cleaned serial number; empty if absent
  std::string table;  // kUpload: canonical upper-case table name (unknown names upper-cased as sent)
  std::string stamp;  // the stamp parameter that came with an upload (Stamp/OpStamp/PhotoStamp), or empty
  std::string file_name;  // kPutFileFetch: the name after "FileName="
};

// The endpoint name under /iclock/ ("/iclock/cdata.aspx/" -> "cdata"), case
// kept; nullopt when the path is not under /iclock/ or has more segments.
std::optional<std::string> endpoint_name(std::string_view path);

// `path` is percent-decoded and matched case-insensitively; a trailing
// ".aspx" on the last segment is ignored (B10). `body_prefix` is only
// consulted for a cdata POST with no routing key at all.
RoutedRequest route_request(std::string_view method, std::string_view path, const Query& query,
                            std::string_view body_prefix);

// Whether a request may carry a data body (a POST to cdata, fdata,
// devicecmd, registry or querydata), judged from the method and the raw
// target alone, without allocating: the HTTP layer chooses the body limit
// with it before the body arrives. Looks at the last path segment, case and
// ".aspx" ignored; a percent-encoded endpoint name counts as no data.
bool may_carry_data(std::string_view method, std::string_view target);

}  // namespace zkpush::protocol
