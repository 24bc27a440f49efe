#include "api/responses.h"

#include "protocol/record_time.h"
#include "protocol/text.h"
#include "util/clock.h"
#include "util/json_text.h"

namespace zkpush::api {

http::Response json_response(const json& body, int status) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = json_text(body);
  return r;
}

http::Response error_response(int status, std::string message) {
  return json_response(json{{"error", std::move(message)}}, status);
}

http::Response error_response(const Error& error) {
  switch (error.kind) {
    case Error::Kind::kInvalidInput: return error_response(400, error.message);
    case Error::Kind::kNotFound: return error_response(404, error.message);
    case Error::Kind::kTooLarge: return error_response(413, error.message);
    case Error::Kind::kConflict: return error_response(409, error.message);
    case Error::Kind::kMissingReference: return error_response(422, error.message);
    case Error::Kind::kStorage:
    case Error::Kind::kUnavailable: break;
  }
  return error_response(503, "storage unavailable: " + error.message);
}

std::optional<store::PageQuery> page_of(const protocol::Query& query, const http::Responder& respond) {
  auto limit = protocol::parse_int(query.value_or("limit", std::to_string(kDefaultPageLimit)));
  auto after = protocol::parse_int(query.value_or("after", "0"));
  if (!limit || *limit < 1 || *limit > kMaxPageLimit) {
    respond(error_response(400, "limit must be a number from 1 to " + std::to_string(kMaxPageLimit)));
    return std::nullopt;
  }
  if (!after || *after < 0) {
    respond(error_response(400, "after must be a non-negative number (the id of the last row seen)"));
    return std::nullopt;
  }
  return store::PageQuery{*after, static_cast<int>(*limit)};
}

std::optional<json> json_body(const std::string& body, const http::Responder& respond) {
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    respond(error_response(400, "the body must be a JSON object"));
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::string> local_time_bound(std::string_view text, bool upper) {
  std::string t(protocol::trim(text));
  if (t.size() == 10) t += upper ? " 23:59:59" : " 00:00:00";
  if (t.size() == 19 && t[10] == 'T') t[10] = ' ';
  if (t.size() != 19 || !protocol::is_record_time(t)) return std::nullopt;
  return t;
}

std::optional<int64_t> utc_time_bound(std::string_view text, bool upper) {
  std::string t(protocol::trim(text));
  if (!t.empty() && (t.back() == 'Z' || t.back() == 'z')) t.pop_back();
  auto local = local_time_bound(t, upper);
  if (!local) return std::nullopt;
  auto seconds = protocol::record_time_as_utc_seconds(*local);
  if (!seconds) return std::nullopt;
  return *seconds * 1000 + (upper ? 999 : 0);
}


}  // namespace zkpush::api
