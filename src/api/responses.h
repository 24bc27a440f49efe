// What every API handler answers with: JSON bodies, {"error": "..."} errors,
// pages of rows with a cursor, and reading a JSON request body.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/message.h"
#include "protocol/query.h"
#include "store/store.h"

namespace zkpush::api {

using nlohmann::json;

inline constexpr int kDefaultPageLimit = 100;
inline constexpr int kMaxPageLimit = 1000;

http::Response json_response(const json& body, int status = 200);
http::Response error_response(int status, std::string message);
// 503 for a store failure, 400 for invalid input, 404 for not found.
http::Response error_response(const Error& error);

// limit/after from the query; nullopt (and a 400 sent) when they are not numbers.
std::optional<store::PageQuery> page_of(const protocol::Query& query, const http::Responder& respond);

// The request body as a JSON object; nullopt (and a 400 sent) otherwise.
std::optional<json> json_body(const std::string& body, const http::Responder& respond);

// Sends `rows` as {"items": [...], "next_after": <cursor or null>}.
template <typename Rows, typename ToJson, typename CursorOf>
void send_page(const Result<Rows>& rows, int limit, ToJson to_json, CursorOf cursor_of,
               const http::Responder& respond) {
  if (!rows) return respond(error_response(rows.error()));
  json items = json::array();
  for (const auto& row : *rows) items.push_back(to_json(row));
  json next = nullptr;
  if (static_cast<int>(rows->size()) == limit && !rows->empty()) next = cursor_of(rows->back());
  respond(json_response(json{{"items", std::move(items)}, {"next_after", std::move(next)}}));
}

// A device-local time bound: "YYYY-MM-DD" (the day's start, or its end when
// `upper`) or "YYYY-MM-DD HH:MM:SS" ('T' allowed between).
std::optional<std::string> local_time_bound(std::string_view text, bool upper);

// A UTC instant in Unix milliseconds: "YYYY-MM-DDTHH:MM:SSZ" (or the day).
std::optional<int64_t> utc_time_bound(std::string_view text, bool upper);

}  // namespace zkpush::api
