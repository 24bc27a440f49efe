// The request-head normaliser: terminals' HTTP is older and looser than what
// Boost.Beast's parser accepts, so every request head is rewritten here into
// strict HTTP/1.x before the library parser sees it (issue: "a library parser
// that rejects these needs a small normaliser in front of it, not a
// hand-written HTTP stack"). Pure functions over a buffer, no sockets, never
// throw on bad input; modelled on picohttpparser.
//
// What the rewrite does (each with the terminal behaviour it answers):
//   * absolute-form target "http://host:port/p?q" -> "/p?q"  (capture B7: the
//     firmware sends the absolute URL when a proxy is configured);
//   * raw spaces inside the target, i.e. a request line with more than three
//     tokens: method = first token, version = last token if it looks like
//     HTTP/x.y, target = everything between, spaces sent as %20 (old firmware:
//     "?INFO=Ver 6.39 Apr 28 2008,...");
//   * other bytes Beast rejects or that do not belong in a URI (NUL from
//     NUL-padded SNs, field-lessons §5.17; CTLs, DEL, bytes >= 0x80,
//     '"' '<' '>' '\' '^' '`' '{' '|' '}') are percent-encoded;
//   * no version ("GET /iclock/ping?SN=1") -> HTTP/1.0; HTTP/1.x with x >= 1
//     -> HTTP/1.1; the method is upper-cased;
//   * bare LF line ends -> CRLF; blanks before a header's colon are removed;
//     obs-fold continuation lines are joined with one space; control bytes in
//     a value become spaces; a line with no colon or an invalid name is
//     dropped (as nginx's default `ignore_invalid_headers on` does);
//   * a Connection header that is not a token list is dropped (it would make
//     Beast fail the request; dropping it means "the version's default").
//     Odd but well-formed values ("Connection: starting", capture D04;
//     "Host: 58.250.50.81: 8011", D08) pass through untouched.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zkpush::http {

// Number of CR and LF bytes before the request line. RFC 9112 §2.2: a server
// should ignore empty lines received before a request (clients that send an
// extra CRLF after a POST body do this).
std::size_t skip_empty_lines(std::string_view data);

// Length of the request head at the start of `data` (which must not start
// with an empty line, see skip_empty_lines), including the blank line that
// ends it: "\r\n\r\n", "\n\n", "\r\n\n" or "\n\r\n". 0 while incomplete.
// `scanned` is how many bytes an earlier call already looked at without
// finding the end, so growing buffers are not rescanned from the start.
std::size_t find_head_end(std::string_view data, std::size_t scanned = 0);

// False when `data` (after skip_empty_lines) cannot be the start of a request
// because its first byte can neither begin a method nor be a blank (which the
// normaliser trims): a TLS handshake on the plain port, binary noise. Lets a
// connection be refused without waiting for a blank line that will never
// come. True for empty data.
bool starts_like_a_request(std::string_view data);

enum class HeadError {
  kNone,
  kNoRequestLine,  // empty head
  kBadMethod,      // missing, or not a token
  kBadTarget,      // missing or empty request target
  kTooManyHeaders, // more header lines than the caller allows
};
const char* describe(HeadError error);

// Rewrites the request head `head` (as delimited by find_head_end; its final
// blank line may be omitted) into strict HTTP/1.x in `out`: request line,
// header lines and the final empty line, all CRLF-terminated. `out` is
// cleared first, so a caller's buffer is reused. On error `out` is left in an
// unspecified state. `max_headers` caps the header lines as sent (obs-fold
// continuations not counted; dropped lines counted).
HeadError normalize_request_head(std::string_view head, std::string& out,
                                 std::size_t max_headers = static_cast<std::size_t>(-1));

// The value of the SN query parameter in a target or a raw request line
// ("GET /iclock/cdata?SN=123&table=... HTTP/1.1" -> "123"), still encoded;
// empty if there is none. For log lines about requests that were rejected.
std::string_view find_serial_number(std::string_view target);

// Splits a normalised target at its first '?' into the percent-decoded path
// and the raw query (both assigned, so their buffers are reused).
void split_target(std::string_view target, std::string& path, std::string& query);

}  // namespace zkpush::http
