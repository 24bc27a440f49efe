#include "api/console_assets.h"

#include "api/responses.h"
#include "util/crypto.h"

namespace zkpush::api {

namespace {

constexpr std::string_view kPrefix = "/console/";

// The page runs only its own scripts, talks only to this server, and is
// never framed by another site.
constexpr const char* kSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

}  // namespace

ConsoleAssets::ConsoleAssets() {
  for (const ConsoleFile& f : console_files()) {
    std::string_view bytes(f.begin, static_cast<std::size_t>(f.end - f.begin));
    entries_.push_back({f.path, bytes, f.content_type, "\"" + sha256_hex(bytes).substr(0, 20) + "\""});
  }
}

std::optional<http::Response> ConsoleAssets::serve(const http::Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  std::string path = request.path;
  if (path == "/") path = "/console/index.html";
  if (!path.starts_with(kPrefix)) return std::nullopt;
  for (const Entry& e : entries_) {
    if (e.path != path) continue;
    http::Response r;
    r.headers.emplace_back("ETag", e.etag);
    // Always asked again (a 304 costs a round trip), so an upgraded server's
    // console is never mixed with a cached older script.
    r.headers.emplace_back("Cache-Control", "no-cache");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Content-Security-Policy", kSecurityPolicy);
    r.headers.emplace_back("Referrer-Policy", "same-origin");
    if (request.header("If-None-Match") == e.etag) {
      r.status = 304;
      return r;
    }
    r.content_type = e.content_type;
    r.body = std::string(e.bytes);
    return r;
  }
  return error_response(404, "no console file " + request.path);
}

}  // namespace zkpush::api
