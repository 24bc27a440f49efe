#include "api/route_table.h"

#include "protocol/text.h"

namespace zkpush::api {

std::vector<std::string> path_segments(std::string_view path) {
  std::vector<std::string> parts;
  for (auto part : protocol::split(path, '/'))
    if (!part.empty()) parts.push_back(protocol::percent_decode(part));
  return parts;
}

void RouteTable::add(std::string method, std::string pattern, std::optional<store::Scope> scope,
                     std::string summary, RouteHandler handler) {
  Route route{std::move(method), std::move(pattern), scope, std::move(summary), std::move(handler), {}};
  if (route.pattern.ends_with("*}")) {
    route.rest = true;
    route.pattern.erase(route.pattern.size() - 2, 1);
  }
  for (auto part : protocol::split(route.pattern, '/'))
    if (!part.empty()) route.segments.emplace_back(part);
  routes_.push_back(std::move(route));
}

RouteTable::Match RouteTable::match(std::string_view method, const std::vector<std::string>& segments,
                                    const Route*& found, std::vector<std::string>& params) const {
  Match result = Match::kNoPath;
  for (const Route& route : routes_) {
    if (route.rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size()) continue;
    std::vector<std::string> values;
    bool same = true;
    for (std::size_t i = 0; i < route.segments.size() && same; ++i) {
      const std::string& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        values.push_back(segments[i]);
      } else {
        same = want == segments[i];
      }
    }
    if (!same) continue;
    for (std::size_t i = route.segments.size(); i < segments.size(); ++i) values.back() += "/" + segments[i];
    // A literal segment beats a parameter ("/commands/summary" over "/commands/{id}"):
    // routes are added literal-first, so the first match of the method wins.
    if (route.method != method) {
      result = Match::kWrongMethod;
      continue;
    }
    found = &route;
    params = std::move(values);
    return Match::kFound;
  }
  return result;
}

}  // namespace zkpush::api
