// What the server says to a canteen terminal outside of commands: the options
// block of the handshake (§3.2, §3.3), the clock (§5), the answer to a card
// request (§8) and the refusal of the key exchange (§4).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "protocol/records.h"

namespace zkpush::protocol::canteen {

// The options block, in the order of the spec's example (L419-L477, capture
// D09): the stamps (Stamp, OpStamp, the ZhiWei stamps, PosLogStamp,
// FullLogStamp, AllowLogStamp, the three ...LogStampId, the three
// ...BakLogStampId), UseStampId=1, TableNameStamp=0, PhotoStamp=0, then
// `settings` in their order. `stamps` holds what was stored per option key
// (PosLogStamp, PosLogStampId, ...), sent as stored; a missing one is "0".
// Settings with an empty value are left out; whatever they say, Encrypt is
// sent as 0 and PushProtVer never (the encryption library is unpublished, so
// the terminal must stay in plaintext: §4.4, A-37).
Fields canteen_options(const std::map<std::string, std::string>& stamps, const Fields& settings);

// "GET OPTION FROM: <sn>\n" + "key=value\n" per option (A-34: with the
// space; A-35: LF). The example's Content-Length 515 fits no LF or CRLF
// reading of its own lines (512/513/514 or 541 bytes), so the lines are what
// is reproduced.
std::string format_options(std::string_view sn, const std::map<std::string, std::string>& stamps,
                           const Fields& settings);

// "Time=YYYY-MM-DDThh:mm:ss+hh:mm" (§5; the template lost the sign, A-17):
// the local time at `utc_seconds` in a zone `offset_minutes` east of UTC.
std::string format_time_reply(int64_t utc_seconds, int offset_minutes);

// Card request answers (§8).
inline constexpr std::string_view kYes = "OK";
inline constexpr std::string_view kNo = "NO";

// The body sent back to POST /iclock/exchange (§4): this server never offers
// encryption (Encrypt=0, no PushProtVer), so a terminal asking anyway is told
// to carry on in plaintext.
inline constexpr std::string_view kExchangeRefused =
    "ERROR: this server does not support encryption (Encrypt=0); continue in plaintext\n";

}  // namespace zkpush::protocol::canteen
