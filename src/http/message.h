// The HTTP layer's view of one exchange, free of Boost.Beast types so that
// routers and handlers compile quickly and can be unit-tested without sockets.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zkpush::http {

struct Request {
  std::string method;  // "GET", "POST", ... upper case
  std::string target;  // normalised origin-form target: path + "?" + query
  std::string path;    // percent-decoded path, e.g. "/iclock/cdata"
  std::string query;   // raw query after '?', still percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;    // de-chunked body bytes
  std::string remote_ip;
  int version = 11;    // 10 or 11

  // First header with this name (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

// A response body produced piece by piece (the API's CSV exports and
// Server-Sent Events): the connection asks for the next piece once the last
// one is written, so a slow client slows the producer and memory stays
// bounded. Sent chunked (HTTP/1.1) or until the connection closes (1.0).
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Calls `deliver` exactly once, from any thread, with the next piece; an
  // empty piece ends the body.
  virtual void next(std::function<void(std::string piece)> deliver) = 0;
  // The connection is going away (client gone, server stopping): a pending
  // or later next() should deliver the end at once.
  virtual void cancel() = 0;
};

struct Response {
  int status = 200;
  std::string body;
  std::shared_ptr<BodyStream> stream;  // when set, the body comes from it and `body` is unused
  std::string content_type = "text/plain";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  bool close = false;  // force Connection: close after this response

  static Response text(std::string body, int status = 200) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

// Must be called exactly once, from any thread.
using Responder = std::function<void(Response)>;

// Which body limit applies to a request (Limits::max_body_bytes or
// max_small_body_bytes).
enum class BodyClass { kSmall, kLarge };

// What a listener dispatches every complete request to.
class Handler {
 public:
  virtual ~Handler() = default;
  // Decided from the request line alone, before the body is read, so that a
  // poll cannot send megabytes. `target` is the normalised target, query
  // included. Called on the connection's loop for every request: it must
  // not block or allocate.
  virtual BodyClass body_class(std::string_view method, std::string_view target) const {
    return BodyClass::kLarge;
  }
  // `request` is valid until handle() returns (the connection reuses its
  // buffers for the next request): whatever an asynchronous answer needs
  // later must be copied.
  virtual void handle(const Request& request, Responder respond) = 0;
};

}  // namespace zkpush::http
