// What the console's browser sessions add to the API: the session cookie,
// and the checks that keep another site from acting with it (cross-site
// request forgery). Machines keep using bearer tokens, which a browser never
// sends by itself, so these checks concern cookies only.
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace zkpush::api {

inline constexpr std::string_view kSessionCookie = "zkpush_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The session cookie's value, or empty.
std::string_view session_cookie(const http::Request& request);

// A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure under TLS;
// an empty token with max_age 0 deletes the cookie.
std::string session_cookie_header(std::string_view token, long max_age_s, bool secure);

// False when the request names an Origin other than its own Host: a page of
// another site (or another port) sent it.
bool same_origin(const http::Request& request);

// A browser-initiated change from the console itself: same origin, and the
// session's anti-forgery token in X-CSRF-Token. A cross-site form can set
// neither the header nor a JSON content type without a CORS preflight, which
// this server never grants.
bool carries_csrf_token(const http::Request& request, std::string_view csrf_token);

}  // namespace zkpush::api
