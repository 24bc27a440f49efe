// The API's responses: a JSON body, or {"error": "..."} with a 4xx/5xx status.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "http/message.h"

namespace zkpush::api {

inline http::Response json_response(const nlohmann::json& body, int status = 200) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

inline http::Response error(int status, std::string message) {
  return json_response(nlohmann::json{{"error", std::move(message)}}, status);
}

}  // namespace zkpush::api
