#include "api/api_router.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/json_views.h"
#include "api/request_bodies.h"
#include "protocol/query.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::api {

using nlohmann::json;

namespace {

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

http::Response json_response(const json& body, int status = 200) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

http::Response error(int status, std::string message) { return json_response(json{{"error", message}}, status); }

std::vector<std::string> path_parts(const std::string& path) {
  std::vector<std::string> parts;
  for (auto part : protocol::split(path, '/'))
    if (!part.empty()) parts.emplace_back(part);
  return parts;
}

// limit/after from the query; false (and a 400 sent) when they are not numbers.
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

// Sends `rows` as {"items": [...], "next_after": <cursor or null>}.
template <typename Rows, typename ToJson, typename CursorOf>
void send_page(const Result<Rows>& rows, int limit, ToJson to_json, CursorOf cursor_of,
               const http::Responder& respond) {
  if (!rows) {
    respond(error(503, "storage unavailable: " + rows.error().message));
    return;
  }
  json items = json::array();
  for (const auto& row : *rows) items.push_back(to_json(row));
  json next = nullptr;
  if (static_cast<int>(rows->size()) == limit && !rows->empty()) next = cursor_of(rows->back());
  respond(json_response(json{{"items", std::move(items)}, {"next_after", std::move(next)}}));
}

// Device-local time filters accept "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS"
// ('T' allowed as the separator).
std::optional<std::string> local_time_bound(std::string_view text, bool upper) {
  std::string t(protocol::trim(text));
  if (t.size() == 10) t += upper ? " 23:59:59" : " 00:00:00";
  if (t.size() == 19 && t[10] == 'T') t[10] = ' ';
  if (t.size() != 19 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' || t[16] != ':')
    return std::nullopt;
  return t;
}

}  // namespace

void ApiRouter::handle(const http::Request& request, http::Responder respond) {
  const auto parts = path_parts(request.path);
  if (parts.size() < 2 || parts[0] != "api" || parts[1] != "v1") {
    respond(error(404, "not found: " + request.path));
    return;
  }
  try {
    route(request, parts, respond);
  } catch (const std::exception& e) {  // nlohmann::json throws on type mismatches
    spdlog::error("api {} {}: {}", request.method, request.path, e.what());
    respond(error(500, "internal error"));
  }
}

void ApiRouter::route(const http::Request& request, const std::vector<std::string>& parts,
                      const http::Responder& respond) {
  const std::string& method = request.method;
  const std::size_t n = parts.size();
  if (n == 3 && parts[2] == "health" && method == "GET") {
    respond(json_response(json{{"status", "ok"}}));
    return;
  }
  if (n == 3 && parts[2] == "devices" && method == "GET") {
    json items = json::array();
    const int64_t now = now_ms();
    for (const auto& device : devices_.registry().all())
      items.push_back(device_json(device->snapshot(), devices_.online(*device, now)));
    respond(json_response(json{{"items", std::move(items)}}));
    return;
  }
  if (n == 4 && parts[2] == "devices" && method == "GET") {
    auto device = devices_.registry().find(parts[3]);
    if (!device) return respond(error(404, "no device with SN " + parts[3]));
    respond(json_response(device_json(device->snapshot(), devices_.online(*device, now_ms()))));
    return;
  }
  if (n == 5 && parts[2] == "devices") {
    device_resource(request, parts[3], parts[4], respond);
    return;
  }
  if (n == 4 && parts[2] == "photos" && method == "GET") {
    auto id = protocol::parse_int(parts[3]);
    if (!id) return respond(error(400, "photo id must be a number"));
    auto bytes = store_.photo_bytes(*id);
    if (!bytes) return respond(error(503, "storage unavailable: " + bytes.error().message));
    if (!bytes->has_value()) return respond(error(404, "no photo " + parts[3]));
    http::Response r;
    r.content_type = (**bytes).size() >= 2 && (**bytes)[0] == '\xFF' && (**bytes)[1] == '\xD8'
                         ? "image/jpeg"
                         : "application/octet-stream";
    r.body = std::move(**bytes);
    respond(std::move(r));
    return;
  }
  if (n == 4 && parts[2] == "commands" && parts[3] == "summary" && method == "GET") {
    auto counts = store_.command_counts();
    if (!counts) return respond(error(503, "storage unavailable: " + counts.error().message));
    respond(json_response(json{{"queued", counts->queued},
                               {"sent", counts->sent},
                               {"done", counts->done},
                               {"failed", counts->failed},
                               {"expired", counts->expired}}));
    return;
  }
  if (n == 4 && parts[2] == "commands" && method == "GET") {
    auto row = store_.command(parts[3]);
    if (!row) return respond(error(503, "storage unavailable: " + row.error().message));
    if (!row->has_value()) return respond(error(404, "no command " + parts[3]));
    respond(json_response(command_json(**row)));
    return;
  }
  respond(error(404, "not found: " + method + " " + request.path));
}

void ApiRouter::device_resource(const http::Request& request, const std::string& sn, const std::string& resource,
                                const http::Responder& respond) {
  if (resource == "commands" && request.method == "POST") return post_command(request, sn, respond);
  if (resource == "settings" && request.method == "PUT") return put_settings(request, sn, respond);
  if (request.method != "GET") return respond(error(405, "method not allowed"));

  auto device = devices_.registry().find(sn);
  if (!device) return respond(error(404, "no device with SN " + sn));
  const auto query = protocol::Query::parse(request.query);
  store::PageQuery page;
  if (!page_of(query, page, respond)) return;
  const auto id = device->id();
  auto by_id = [](const auto& row) { return row.id; };

  if (resource == "attendance") {
    store::AttendanceQuery q;
    q.sn = sn;
    q.after = page.after;
    q.limit = page.limit;
    if (auto pin = query.get("pin")) q.pin = std::string(*pin);
    for (auto [key, upper] : {std::pair{"from", false}, std::pair{"to", true}}) {
      auto value = query.get(key);
      if (!value) continue;
      auto bound = local_time_bound(*value, upper);
      if (!bound) return respond(error(400, std::string(key) + " must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"));
      (upper ? q.to : q.from) = *bound;
    }
    return send_page(store_.attendance(q), q.limit, attendance_json, by_id, respond);
  }
  if (resource == "oplog") return send_page(store_.oplog(id, page), page.limit, oplog_json, by_id, respond);
  if (resource == "errorlog")
    return send_page(store_.errorlog(id, page), page.limit, errorlog_json, by_id, respond);
  if (resource == "rejected")
    return send_page(store_.rejected_lines(id, page), page.limit, rejected_json, by_id, respond);
  if (resource == "records") {
    std::optional<std::string> table;
    if (auto t = query.get("table")) table = protocol::to_upper(protocol::trim(*t));
    return send_page(store_.generic_records(id, table, page), page.limit, generic_json, by_id, respond);
  }
  if (resource == "photos") return send_page(store_.photos(id, page), page.limit, photo_json, by_id, respond);
  if (resource == "commands") {
    auto cursor = [](const store::CommandRow& row) { return protocol::parse_int(row.id).value_or(0); };
    return send_page(store_.device_commands(id, page), page.limit, command_json, cursor, respond);
  }
  if (resource == "users") return send_page(store_.users(id, page), page.limit, user_json, by_id, respond);
  if (resource == "templates")
    return send_page(store_.templates(id, page), page.limit, template_json, by_id, respond);
  respond(error(404, "no such resource: " + resource));
}

void ApiRouter::post_command(const http::Request& request, const std::string& sn, const http::Responder& respond) {
  auto device = devices_.registry().find(sn);
  if (!device) return respond(error(404, "no device with SN " + sn));
  auto command = parse_command_body(request.body);
  if (!command) return respond(error(400, command.error().message));
  devices_.commands().enqueue(device, std::move(*command), [respond](Result<std::string> id) {
    if (!id) {
      int status = id.error().kind == Error::Kind::kInvalidInput ? 400 : 503;
      respond(error(status, "command: " + id.error().message));
      return;
    }
    respond(json_response(json{{"id", *id}, {"status", "queued"}}, 201));
  });
}

void ApiRouter::put_settings(const http::Request& request, const std::string& sn, const http::Responder& respond) {
  auto device = devices_.registry().find(sn);
  if (!device) return respond(error(404, "no device with SN " + sn));
  auto parsed = parse_settings_body(request.body);
  if (!parsed) return respond(error(400, parsed.error().message));
  std::map<std::string, std::string> values = std::move(*parsed);
  store::WriteBatch batch;
  batch.add(store::SetDeviceSettings{device->id(), values});
  store_.submit(std::move(batch), [device, values, respond](Status status, store::WriteBatch&) {
    if (!status) return respond(error(503, "storage unavailable: " + status.error().message));
    device->apply_settings(values);
    respond(json_response(json{{"settings", device->snapshot().settings}}));
  });
}

}  // namespace zkpush::api
