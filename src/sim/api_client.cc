#include "sim/api_client.h"

namespace zkpush::sim {

HttpOptions api_http_options(const std::string& token) {
  HttpOptions options;
  options.keep_alive = true;
  options.bearer_token = token;
  return options;
}

boost::asio::awaitable<std::pair<std::vector<nlohmann::json>, std::string>> fetch_all(HttpClient& client,
                                                                                      const std::string& path) {
  using nlohmann::json;
  std::vector<json> items;
  long long after = 0;
  const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
  for (;;) {
    HttpResult r = co_await client.request("GET", path + sep + "limit=1000&after=" + std::to_string(after), {});
    if (r.status != 200)
      co_return std::pair{items, path + ": " + (r.error.empty() ? "HTTP " + std::to_string(r.status) : r.error)};
    json page = json::parse(r.body, nullptr, false);
    if (page.is_discarded() || !page.contains("items")) co_return std::pair{items, path + ": not a page of items"};
    for (auto& item : page["items"]) items.push_back(std::move(item));
    if (!page.contains("next_after") || page["next_after"].is_null()) break;
    if (!page["next_after"].is_number_integer()) co_return std::pair{items, path + ": next_after is not a number"};
    after = page["next_after"].get<long long>();
  }
  co_return std::pair{items, std::string()};
}

}  // namespace zkpush::sim
