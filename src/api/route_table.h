// The API's routes as data: method, path pattern ("/api/v1/devices/{sn}"),
// the scope a caller needs, a one-line summary, and the handler. The router
// matches requests against it, the OpenAPI test compares it with
// docs/openapi.yaml, and nothing else lists routes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "protocol/query.h"
#include "service/access.h"

namespace zkpush::api {

// One API request on its way through a handler. `request` is valid until the
// handler returns; an asynchronous answer copies what it needs.
struct ApiCall {
  const http::Request& request;
  std::vector<std::string> params;  // the pattern's {names}, in order, percent-decoded
  protocol::Query query;
  service::Principal principal;
  http::Responder respond;

  const std::string& param(std::size_t i) const { return params.at(i); }
};

using RouteHandler = std::function<void(ApiCall&)>;

struct Route {
  std::string method;   // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string pattern;  // "/api/v1/devices/{sn}/commands"
  std::optional<store::Scope> scope;  // nullopt: no token needed
  std::string summary;
  RouteHandler handler;
  std::vector<std::string> segments;  // the pattern split at '/'
  // The last parameter takes the rest of the path, slashes included (a file's
  // path: "/files/{path*}" matches "/files/fw/x.tgz").
  bool rest = false;
};

class RouteTable {
 public:
  // The scope may depend on the request (a raw command's text): `scope` is
  // then the least, and the handler checks the rest. A last segment
  // "{name*}" takes the rest of the path (Route::rest); the pattern is kept
  // as "{name}", the way OpenAPI writes it.
  void add(std::string method, std::string pattern, std::optional<store::Scope> scope, std::string summary,
           RouteHandler handler);

  enum class Match { kFound, kNoPath, kWrongMethod };
  // `segments`: the request path split at '/', without empty parts.
  Match match(std::string_view method, const std::vector<std::string>& segments, const Route*& route,
              std::vector<std::string>& params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// "/a/b/c" -> {"a", "b", "c"}; each segment percent-decoded.
std::vector<std::string> path_segments(std::string_view path);

}  // namespace zkpush::api
