// Reading the server's JSON API from the emulator (--verify, scripts'
// `assert server`): every item of a paged collection, following `next_after`.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/http_client.h"

namespace zkpush::sim {

// How the emulator talks to the JSON API: keep-alive, with the API token.
HttpOptions api_http_options(const std::string& token);

// Every item of the collection at `path` ("/api/v1/devices/SN/attendance",
// a query allowed), or an error text naming the path (items so far kept).
boost::asio::awaitable<std::pair<std::vector<nlohmann::json>, std::string>> fetch_all(HttpClient& client,
                                                                                      const std::string& path);

}  // namespace zkpush::sim
