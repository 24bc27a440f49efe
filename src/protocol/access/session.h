// The session of the access-control dialect (push3_catalog §1; CN24 §7): what the
// server answers to the first `GET cdata?options=all`, to `POST
// /iclock/registry` and to `/iclock/push`, and the token every later request
// carries.
//
//   GET  cdata?options=all  -> "OK" until registered; then the registry=ok
//                              block (format_lines of the server's keys)
//   POST registry           -> "RegistryCode=<code>", no line end (CN24 §7.4)
//   GET|POST push           -> the configuration with the SessionID (§7.5)
//   later requests          -> Cookie: token=<hex MD5> (§7.5)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/records.h"

namespace zkpush::protocol::access {

// "key=value\n" for each field, in order (CN24 §7.1, §7.5 print one per line).
std::string format_lines(const Fields& fields);

// The reply to a registration (CN24 §7.4 example: Content-Length 23 for
// "RegistryCode=Uy47fxftP3").
std::string format_registry_reply(std::string_view registry_code);

// The token of a Cookie header ("token=9d41...", "token=..,timestamp=..",
// "JSESSIONID=..; token=.."); nullopt when there is none.
std::optional<std::string_view> cookie_token(std::string_view cookie);

// Whether `token` is the MD5 (hex, any case) of the registry code, the serial
// number and the session id. CN24 §7.5 names the three values but not how
// they are joined, and the documents' examples come from different sessions
// (push3_catalog §1.6, §9.2): each of the six orders of the three, concatenated,
// is accepted. Any of them proves the device holds the code and the session
// this server gave it, which is what the token is for.
bool token_matches(std::string_view token, std::string_view registry_code, std::string_view sn,
                   std::string_view session_id);

// The token a device computes, in the documents' order (RegistryCode,
// SerialNumber, SessionID): what the emulator sends.
std::string session_token(std::string_view registry_code, std::string_view sn, std::string_view session_id);

}  // namespace zkpush::protocol::access
