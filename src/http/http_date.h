// The Date header value, RFC 9110 §5.6.7 IMF-fixdate, always GMT:
// "Fri, 03 Jul 2015 06:53:01 GMT". Terminals set their clocks from it
// (field-lessons §5.9), so every response carries one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace zkpush::http {

inline constexpr std::size_t kHttpDateSize = 29;

// Pure: formats `unix_seconds` into exactly kHttpDateSize bytes at `out` (no
// terminating NUL). Times before 1970 or after 9999 are clamped to those years.
void format_http_date(std::int64_t unix_seconds, char* out);
std::string format_http_date(std::int64_t unix_seconds);

// The current time, formatted. Cached per thread and per second, so it takes
// no lock and formats at most once a second on each thread. The view points
// at thread-local storage: valid on the calling thread until its next call.
std::string_view http_date_now();

}  // namespace zkpush::http
