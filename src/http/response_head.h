// The bytes of a response head. Written by hand rather than by Beast's
// serializer so that the framing is exactly what terminals are known to
// accept: a HTTP/1.1 status line (the firmware checks for "HTTP/1.1 200 " or
// "HTTP/1.0 200 ", capture B7), Content-Length always and never
// Transfer-Encoding: chunked (B3: chunked replies are suspected to break some
// firmware), and a GMT Date (field-lessons §5.9). Only the API's streamed
// bodies (BodyStream) go out chunked, or until the close for HTTP/1.0.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/message.h"

namespace zkpush::http {

enum class ConnectionHeader {
  kNone,       // persistence is the request version's default
  kClose,      // "Connection: close"
  kKeepAlive,  // "Connection: keep-alive" (a HTTP/1.0 client that asked for it)
};

// Reason phrase of a status code ("Not Found"); "Unknown" for others.
std::string_view reason_phrase(int status);

// Appends the status line, Date, Server, Content-Type, Content-Length,
// Connection (if any) and response.headers, then the empty line, to `out`.
// The layer owns the framing: extra headers named Content-Length,
// Transfer-Encoding, Connection, Date, Server or Content-Type are skipped, as
// are ones whose name is not a token; control bytes in values become spaces
// (no header injection). A status outside 200-599 is sent as 500. An empty
// content_type is sent as text/plain. `content_length` is the body size even
// when the body is not sent (HEAD).
void append_response_head(const Response& response, std::size_t content_length, ConnectionHeader connection,
                          std::string_view date, std::string& out);

// The same for a streamed body: "Transfer-Encoding: chunked" when `chunked`,
// otherwise no length at all (the body ends with the connection, which
// `connection` must then close).
void append_streamed_response_head(const Response& response, bool chunked, ConnectionHeader connection,
                                   std::string_view date, std::string& out);

}  // namespace zkpush::http
