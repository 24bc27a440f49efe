#include "http/response_head.h"

#include <charconv>

#include "http/token.h"
#include "protocol/text.h"

namespace zkpush::http {
namespace {

using protocol::iequals;

bool is_managed(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, "Date") || iequals(name, "Server") ||
         iequals(name, "Content-Type");
}

void append_value(std::string_view value, std::string& out) {
  for (char c : value) {
    auto b = static_cast<unsigned char>(c);
    out += ((b < 0x20 && c != '\t') || b == 0x7f) ? ' ' : c;
  }
}

void append_number(std::size_t value, std::string& out) {
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

}  // namespace

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

namespace {

// Everything of the head but the empty line that ends it; `framing` is the
// Content-Length or Transfer-Encoding line, or empty.
void append_head(const Response& response, std::string_view framing, ConnectionHeader connection,
                 std::string_view date, std::string& out) {
  int status = (response.status >= 200 && response.status <= 599) ? response.status : 500;
  out += "HTTP/1.1 ";
  append_number(static_cast<std::size_t>(status), out);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\nDate: ";
  out += date;
  out += "\r\nServer: zkpush\r\nContent-Type: ";
  if (response.content_type.empty()) {
    out += "text/plain";
  } else {
    append_value(response.content_type, out);
  }
  out += "\r\n";
  out += framing;
  if (connection == ConnectionHeader::kClose) out += "Connection: close\r\n";
  if (connection == ConnectionHeader::kKeepAlive) out += "Connection: keep-alive\r\n";
  for (const auto& [name, value] : response.headers) {
    if (!is_token(name) || is_managed(name)) continue;
    out += name;
    out += ": ";
    append_value(value, out);
    out += "\r\n";
  }
}

}  // namespace

void append_response_head(const Response& response, std::size_t content_length, ConnectionHeader connection,
                          std::string_view date, std::string& out) {
  char framing[48] = "Content-Length: ";  // on the stack: this runs for every response
  char* end = std::to_chars(framing + 16, framing + sizeof framing - 2, content_length).ptr;
  *end++ = '\r';
  *end++ = '\n';
  append_head(response, std::string_view(framing, static_cast<std::size_t>(end - framing)), connection, date, out);
  out += "\r\n";
}

void append_streamed_response_head(const Response& response, bool chunked, ConnectionHeader connection,
                                   std::string_view date, std::string& out) {
  append_head(response, chunked ? "Transfer-Encoding: chunked\r\n" : "", connection, date, out);
  out += "\r\n";
}

}  // namespace zkpush::http
