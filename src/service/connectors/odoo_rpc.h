// One call of Odoo's external API over JSON-RPC (POST {url}/jsonrpc):
//   {"jsonrpc": "2.0", "method": "call", "params": {"service", "method", "args"}, "id"}
// Odoo answers HTTP 200 with "result", or with "error" whose data names
// the exception ("odoo.exceptions.ValidationError") and its message.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "service/connectors/http_exchange.h"

namespace zkpush::service::connectors {

struct RpcAnswer {
  int http_status = 0;          // 0: no answer (transport_error says why)
  std::string transport_error;  // no answer, a status other than 200, or not JSON-RPC
  nlohmann::json result;        // null when there was an error (or none was sent)
  std::string error_name;       // "odoo.exceptions.AccessDenied", ...; empty when none
  std::string error_message;

  bool answered() const { return transport_error.empty(); }
  bool failed_with(std::string_view exception) const { return error_name == exception; }
};

boost::asio::awaitable<RpcAnswer> odoo_call(HttpExchange& http, const std::string& url, const std::string& service,
                                            const std::string& method, nlohmann::json args);

}  // namespace zkpush::service::connectors
