#include "sim/verify.h"

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "sim/api_client.h"

namespace zkpush::sim {
namespace asio = boost::asio;
using nlohmann::json;

namespace {

using PunchKey = std::tuple<std::string, std::string, int, int>;  // pin, time, status, verify

PunchKey key_of(const protocol::AttlogRecord& r) { return {r.pin, r.time, r.status, r.verify}; }

}  // namespace

asio::awaitable<VerifyReport> verify_terminals(asio::any_io_executor executor, asio::ip::tcp::endpoint api,
                                               const std::vector<std::unique_ptr<Terminal>>& terminals,
                                               const std::string& api_token) {
  VerifyReport report;
  HttpClient client(executor, api, api_http_options(api_token));
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
