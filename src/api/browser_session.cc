#include "api/browser_session.h"

#include "protocol/text.h"
#include "util/password.h"

namespace zkpush::api {

std::string_view session_cookie(const http::Request& request) {
  for (const auto& [name, value] : request.headers) {
    if (!protocol::iequals(name, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find(';'), rest.size());
      std::string_view pair = protocol::trim(rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
      const std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == kSessionCookie) return pair.substr(eq + 1);
    }
  }
  return {};
}

std::string session_cookie_header(std::string_view token, long max_age_s, bool secure) {
  std::string header = std::string(kSessionCookie) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (secure) header += "; Secure";
  return header;
}

bool same_origin(const http::Request& request) {
  std::string_view origin = request.header("Origin");
  if (origin.empty()) return true;  // not sent by a browser's cross-origin request
  const std::size_t scheme = origin.find("://");
  if (scheme == std::string_view::npos) return false;  // "null": a sandboxed or file page
  return protocol::iequals(origin.substr(scheme + 3), request.header("Host"));
}

bool carries_csrf_token(const http::Request& request, std::string_view csrf_token) {
  return same_origin(request) && !csrf_token.empty() &&
         constant_time_equal(protocol::trim(request.header(kCsrfHeader)), csrf_token);
}

}  // namespace zkpush::api
