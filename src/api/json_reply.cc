#include "api/json_reply.h"

#include "protocol/text.h"

namespace zkpush::api {

using nlohmann::json;

http::Response json_response(const json& body, int status) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

http::Response error(int status, std::string message) { return json_response(json{{"error", message}}, status); }

http::Response error(const Error& e) {
  switch (e.kind) {
    case Error::Kind::kInvalidInput: return error(400, e.message);
    case Error::Kind::kNotFound: return error(404, e.message);
    case Error::Kind::kStorage:
    case Error::Kind::kUnavailable: break;
  }
  return error(503, "storage unavailable: " + e.message);
}

bool page_of(const protocol::Query& query, store::PageQuery& page, const http::Responder& respond) {
  auto limit = protocol::parse_int(query.value_or("limit", std::to_string(kDefaultLimit)));
  auto after = protocol::parse_int(query.value_or("after", "0"));
  if (!limit || *limit < 1 || *limit > kMaxLimit) {
    respond(error(400, "limit must be a number from 1 to " + std::to_string(kMaxLimit)));
    return false;
  }
  if (!after || *after < 0) {
    respond(error(400, "after must be a non-negative number (the id of the last row seen)"));
    return false;
  }
  page.limit = static_cast<int>(*limit);
  page.after = *after;
  return true;
}

std::optional<std::string> local_time_bound(std::string_view text, bool upper) {
  std::string t(protocol::trim(text));
  if (t.size() == 10) t += upper ? " 23:59:59" : " 00:00:00";
  if (t.size() == 19 && t[10] == 'T') t[10] = ' ';
  if (t.size() != 19 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' || t[16] != ':')
    return std::nullopt;
  return t;
}

bool time_range(const protocol::Query& query, std::optional<std::string>& from, std::optional<std::string>& to,
                const http::Responder& respond) {
  for (auto [key, upper] : {std::pair{"from", false}, std::pair{"to", true}}) {
    auto value = query.get(key);
    if (!value) continue;
    auto bound = local_time_bound(*value, upper);
    if (!bound) {
      respond(error(400, std::string(key) + " must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"));
      return false;
    }
    (upper ? to : from) = *bound;
  }
  return true;
}

}  // namespace zkpush::api
