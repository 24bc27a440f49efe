#include "sim/verify.h"

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace zkpush::sim {
namespace asio = boost::asio;
using nlohmann::json;

namespace {

using PunchKey = std::tuple<std::string, std::string, int, int>;  // pin, time, status, verify

PunchKey key_of(const protocol::AttlogRecord& r) { return {r.pin, r.time, r.status, r.verify}; }

// Every item of a paged API collection, or an error text.
asio::awaitable<std::pair<std::vector<json>, std::string>> fetch_all(HttpClient& client, const std::string& path) {
  std::vector<json> items;
  long long after = 0;
  for (;;) {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    HttpResult r = co_await client.request("GET", path + sep + "limit=1000&after=" + std::to_string(after), {});
    if (r.status != 200) co_return std::pair{items, path + ": " + (r.error.empty() ? "HTTP " + std::to_string(r.status) : r.error)};
    json page = json::parse(r.body, nullptr, false);
    if (page.is_discarded() || !page.contains("items")) co_return std::pair{items, path + ": not a page of items"};
    for (auto& item : page["items"]) items.push_back(std::move(item));
    if (!page.contains("next_after") || page["next_after"].is_null()) break;
    after = page["next_after"].get<long long>();
  }
  co_return std::pair{items, std::string()};
}

}  // namespace

asio::awaitable<VerifyReport> verify_terminals(asio::any_io_executor executor, asio::ip::tcp::endpoint api,
                                               const std::vector<std::unique_ptr<Terminal>>& terminals) {
  VerifyReport report;
  HttpOptions options;
  options.keep_alive = true;
  HttpClient client(executor, api, options);
  auto problem = [&report](std::string text) {
    report.ok = false;
    if (report.problems.size() < 50) report.problems.push_back(std::move(text));
  };
  for (const auto& terminal : terminals) {
    const std::string& sn = terminal->sn();
    auto [rows, error] = co_await fetch_all(client, "/api/v1/devices/" + sn + "/attendance");
    if (!error.empty()) {
      problem(sn + ": " + error);
      continue;
    }
    std::map<PunchKey, int> stored;
    for (const auto& row : rows)
      ++stored[{row.value("pin", ""), row.value("time", ""), row.value("status", 0), row.value("verify", 0)}];
    for (const auto& [key, count] : stored)
      if (count > 1) problem(sn + ": punch " + std::get<0>(key) + " at " + std::get<1>(key) + " stored " +
                             std::to_string(count) + " times");
    for (const auto& punch : terminal->acknowledged()) {
      ++report.checked_records;
      if (!stored.count(key_of(punch)))
        problem(sn + ": acknowledged punch " + punch.pin + " at " + punch.time + " is not stored");
    }
    auto [commands, command_error] = co_await fetch_all(client, "/api/v1/devices/" + sn + "/commands");
    if (!command_error.empty()) {
      problem(sn + ": " + command_error);
      continue;
    }
    for (const auto& c : commands) {
      ++report.checked_commands;
      const std::string status = c.value("status", "");
      if (status != "done" && status != "failed" && status != "expired")
        problem(sn + ": command " + c.value("id", "") + " (" + c.value("command", "") + ") is still " + status);
    }
  }
  co_return report;
}

}  // namespace zkpush::sim
