// JSON answers shared by the API's route files: a JSON response, the error
// shape {"error": "..."}, paging parameters and a page of rows.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "protocol/query.h"
#include "store/store.h"
#include "util/error.h"

namespace zkpush::api {

inline constexpr int kDefaultLimit = 100;
inline constexpr int kMaxLimit = 1000;

http::Response json_response(const nlohmann::json& body, int status = 200);
http::Response error(int status, std::string message);
// The status for an Error from the service or the store: 400 invalid input,
// 404 not found, 503 storage or unavailable.
http::Response error(const Error& e);

// limit/after from the query; false (and a 400 sent) when they are not numbers.
bool page_of(const protocol::Query& query, store::PageQuery& page, const http::Responder& respond);

// Device-local time filters accept "YYYY-MM-DD" (the whole day: from its
// start, or `upper` to its end) or "YYYY-MM-DD HH:MM:SS" ('T' allowed as
// the separator); nullopt otherwise.
std::optional<std::string> local_time_bound(std::string_view text, bool upper);

// The query's `from` and `to` as local_time_bound()s; false (and a 400 sent)
// when one is given but not a date or time.
bool time_range(const protocol::Query& query, std::optional<std::string>& from, std::optional<std::string>& to,
                const http::Responder& respond);

// Sends `rows` as {"items": [...], "next_after": <cursor or null>}.
template <typename Rows, typename ToJson, typename CursorOf>
void send_page(const Result<Rows>& rows, int limit, ToJson to_json, CursorOf cursor_of,
               const http::Responder& respond) {
  if (!rows) {
    respond(error(503, "storage unavailable: " + rows.error().message));
    return;
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& row : *rows) items.push_back(to_json(row));
  nlohmann::json next = nullptr;
  if (static_cast<int>(rows->size()) == limit && !rows->empty()) next = cursor_of(rows->back());
  respond(json_response(nlohmann::json{{"items", std::move(items)}, {"next_after", std::move(next)}}));
}

}  // namespace zkpush::api
