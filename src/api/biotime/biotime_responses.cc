#include "api/biotime/biotime_responses.h"

#include "api/responses.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::api {

namespace {

// Large enough for any real page, small enough that one answer stays a few
// megabytes.
constexpr int kMaxPageSize = 10'000;
// Past any real list, and small enough that page x size never overflows.
constexpr long long kMaxPageNumber = 100'000'000'000LL;

// The request's query without its `page` parameter, as sent (still encoded).
std::string query_without_page(std::string_view query) {
  std::string kept;
  for (std::string_view part : protocol::split(query, '&')) {
    const std::string_view key = part.substr(0, part.find('='));
    if (part.empty() || protocol::iequals(key, "page")) continue;
    if (!kept.empty()) kept += '&';
    kept += part;
  }
  return kept;
}

// Where the client reached us: the proxy's forwarded host and scheme when
// there is one, else the Host header and the listener's scheme.
std::string base_url(const http::Request& request, bool tls) {
  std::string_view host = protocol::trim(request.header("X-Forwarded-Host"));
  if (host.empty()) host = protocol::trim(request.header("Host"));
  if (host.empty()) host = "localhost";  // HTTP/1.0 without Host
  host = host.substr(0, host.find(','));
  std::string_view scheme = protocol::trim(request.header("X-Forwarded-Proto"));
  scheme = scheme.substr(0, scheme.find(','));
  if (scheme != "http" && scheme != "https") scheme = tls ? "https" : "http";
  return std::string(scheme) + "://" + std::string(protocol::trim(host));
}

// The link to page `number` of the same list; page 1 has no page parameter
// (Django REST framework drops it).
std::string page_link(const http::Request& request, bool tls, int64_t number) {
  std::string query = query_without_page(request.query);
  if (number > 1) query += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(number);
  std::string path = request.path;
  if (!path.ends_with('/')) path += '/';
  return base_url(request, tls) + path + (query.empty() ? "" : "?" + query);
}

}  // namespace

protocol::Query form_query(std::string_view raw) {
  std::string spaced;
  spaced.reserve(raw.size());
  for (char ch : raw) {
    if (ch == '+') spaced += "%20";
    else spaced += ch;
  }
  return protocol::Query::parse(spaced);
}

bool is_biotime_path(std::string_view path) { return !path.starts_with("/api/v1/") && path != "/metrics"; }

bool is_biotime_route(const Route& route) { return is_biotime_path(route.pattern); }

http::Response biotime_detail(int status, std::string detail) {
  return json_response(nlohmann::json{{"detail", std::move(detail)}}, status);
}

http::Response biotime_field_error(int status, const std::string& field, std::string message) {
  nlohmann::json body;
  body[field] = nlohmann::json::array({std::move(message)});
  return json_response(body, status);
}

std::optional<BiotimePage> biotime_page(const ApiCall& call) {
  BiotimePage page;
  if (auto number = call.query.get("page")) {
    auto n = protocol::parse_int(*number);
    if (!n || *n < 1 || *n > kMaxPageNumber) {
      call.respond(biotime_detail(404, "Invalid page."));
      return std::nullopt;
    }
    page.number = *n;
  }
  auto size = call.query.get("page_size");
  if (!size) size = call.query.get("limit");
  if (size) {
    auto n = protocol::parse_int(*size);
    if (n && *n > 0) page.size = static_cast<int>(std::min<long long>(*n, kMaxPageSize));
  }
  return page;
}

void send_biotime_list(ApiCall& call, const BiotimePage& page, int64_t count, nlohmann::json data, bool tls) {
  if (page.number > 1 && page.offset() >= count) return call.respond(biotime_detail(404, "Invalid page."));
  const bool more = page.offset() + page.size < count;
  nlohmann::json body{{"count", count},
                      {"next", more ? nlohmann::json(page_link(call.request, tls, page.number + 1)) : nullptr},
                      {"previous", page.number > 1 ? nlohmann::json(page_link(call.request, tls, page.number - 1))
                                                   : nullptr},
                      {"msg", ""},
                      {"code", 0},
                      {"data", std::move(data)}};
  call.respond(json_response(body));
}

std::string biotime_time(int64_t utc_ms, int offset_minutes) {
  const int64_t seconds = utc_ms >= 0 ? utc_ms / 1000 : (utc_ms - 999) / 1000;
  return format_record_time(seconds + int64_t{offset_minutes} * 60);
}

}  // namespace zkpush::api
