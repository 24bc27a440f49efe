#include "service/connectors/odoo_rpc.h"

#include <atomic>

#include "build_version.h"
#include "util/json_text.h"

namespace zkpush::service::connectors {

using nlohmann::json;

namespace {

// Built outside the coroutine: GCC 12 rejects initializer lists in one.
std::string odoo_request_text(const std::string& service, const std::string& method, json args, int64_t id) {
  return json_text(json{{"jsonrpc", "2.0"},
                        {"method", "call"},
                        {"params", {{"service", service}, {"method", method}, {"args", std::move(args)}}},
                        {"id", id}});
}

HttpHeaders odoo_headers() {
  return {{"Content-Type", "application/json"},
          {"Accept", "application/json"},
          {"User-Agent", std::string("zkpush/") + ZKPUSH_VERSION}};
}

}  // namespace

boost::asio::awaitable<RpcAnswer> odoo_call(HttpExchange& http, const std::string& url, const std::string& service,
                                            const std::string& method, json args) {
  static std::atomic<int64_t> next_id{1};
  const std::string request = odoo_request_text(service, method, std::move(args), next_id++);
  const HttpHeaders headers = odoo_headers();
  const std::string post = "POST";
  const HttpAnswer answer = co_await http.send(post, url + "/jsonrpc", headers, request);
  RpcAnswer out;
  out.http_status = answer.status;
  if (answer.status == 0) {
    out.transport_error = answer.error;
    co_return out;
  }
  const json body = json::parse(answer.body, nullptr, false);
  if (answer.status != 200 || !body.is_object()) {
    out.transport_error = "Odoo answered HTTP " + std::to_string(answer.status) + ": " + answer.body.substr(0, 200);
    co_return out;
  }
  if (auto error = body.find("error"); error != body.end() && error->is_object()) {
    const json data = error->value("data", json::object());
    out.error_name = data.is_object() ? data.value("name", std::string()) : std::string();
    out.error_message = data.is_object() ? data.value("message", std::string()) : std::string();
    if (out.error_message.empty()) out.error_message = error->value("message", std::string("an error"));
    if (out.error_name.empty()) out.error_name = "error";
    co_return out;
  }
  out.result = body.value("result", json());
  co_return out;
}

}  // namespace zkpush::service::connectors
