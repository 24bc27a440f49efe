// Records from terminals: attendance across terminals (JSON pages or a
// streamed CSV export), and per terminal: attendance, operation log, error
// log, photos, users and templates as uploaded, generic records, rejected
// lines; photo bytes.

#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/responses.h"
#include "protocol/record_time.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::api {

using store::Scope;

namespace {

constexpr int kCsvPageRows = 1000;

// The attendance filters of a query; false (and a 400 sent) when one is bad.
bool attendance_filters(const protocol::Query& query, store::AttendanceQuery& q, const http::Responder& respond) {
  if (auto sn = query.get("sn")) q.sn = std::string(*sn);
  if (auto pin = query.get("pin")) q.pin = std::string(*pin);
  if (auto person = query.get("person")) q.pin = std::string(*person);  // a person is found by PIN
  for (auto [key, upper] : {std::pair{"from", false}, std::pair{"to", true}}) {
    auto value = query.get(key);
    if (!value) continue;
    auto bound = local_time_bound(*value, upper);
    if (!bound) {
      respond(error_response(400, std::string(key) + ": YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (device-local time)"));
      return false;
    }
    (upper ? q.to : q.from) = *bound;
  }
  for (auto [key, upper] : {std::pair{"from_utc", false}, std::pair{"to_utc", true}}) {
    auto value = query.get(key);
    if (!value) continue;
    auto bound = utc_time_bound(*value, upper);
    if (!bound) {
      respond(error_response(400, std::string(key) + ": YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)"));
      return false;
    }
    (upper ? q.to_utc : q.from_utc) = *bound;
  }
  for (auto [key, field] : {std::pair{"status", &store::AttendanceQuery::status},
                            std::pair{"verify", &store::AttendanceQuery::verify}}) {
    auto value = query.get(key);
    if (!value) continue;
    auto n = protocol::parse_int(*value);
    if (!n) {
      respond(error_response(400, std::string(key) + ": a number is required"));
      return false;
    }
    q.*field = static_cast<int>(*n);
  }
  return true;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The CSV export: one page of rows per piece, read when the previous piece
// has been written, so a year of records never sits in memory.
class AttendanceCsv final : public http::BodyStream {
 public:
  AttendanceCsv(store::Store& store, store::AttendanceQuery query) : store_(store), query_(std::move(query)) {
    query_.limit = kCsvPageRows;
  }

  void next(std::function<void(std::string)> deliver) override {
    if (done_ || cancelled_) return deliver({});
    std::string piece;
    if (!header_sent_) {
      piece = "id,sn,pin,person_name,time,time_utc,time_zone,status,verify,workcode,received_at,direction\r\n";
      header_sent_ = true;
    }
    auto rows = store_.attendance(query_);
    if (!rows) {  // the status line is gone: end the body short, and say so in the log
      spdlog::error("api: CSV export stopped: {}", rows.error().message);
      done_ = true;
      return deliver(std::move(piece));
    }
    for (const auto& row : *rows) {
      const auto& r = row.record;
      const auto utc = protocol::record_utc_ms(r.time, row.time_zone);
      piece += std::to_string(row.id) + "," + csv_field(row.sn) + "," + csv_field(r.pin) + "," +
               csv_field(row.person_name) + "," + r.time + "," + (utc ? iso_utc(*utc) : std::string()) + "," +
               csv_field(row.time_zone) + "," + std::to_string(r.status) + "," + std::to_string(r.verify) + "," +
               csv_field(r.workcode) + "," + iso_time(row.received_at) + "," + row.direction + "\r\n";
    }
    if (rows->size() < static_cast<std::size_t>(kCsvPageRows)) done_ = true;
    if (!rows->empty()) query_.after = rows->back().id;
    deliver(std::move(piece));
  }

  void cancel() override { cancelled_ = true; }

 private:
  store::Store& store_;
  store::AttendanceQuery query_;
  bool header_sent_ = false;
  bool done_ = false;
  std::atomic<bool> cancelled_{false};
};

bool wants_csv(const ApiCall& call) {
  return protocol::istarts_with(call.request.header("Accept"), "text/csv") ||
         protocol::iequals(call.query.value_or("format", ""), "csv");
}

void attendance(ApiContext& c, ApiCall& call, std::optional<std::string> sn, bool csv) {
  store::AttendanceQuery q;
  if (!attendance_filters(call.query, q, call.respond)) return;
  if (sn) q.sn = std::move(sn);
  if (csv || wants_csv(call)) {
    q.after = protocol::parse_int(call.query.value_or("after", "0")).value_or(0);
    http::Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"attendance.csv\"");
    r.stream = std::make_shared<AttendanceCsv>(c.store, std::move(q));
    return call.respond(std::move(r));
  }
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  q.after = page->after;
  q.limit = page->limit;
  send_page(c.store.attendance(q), q.limit, attendance_json, [](const store::AttendanceRow& r) { return r.id; },
            call.respond);
}

// A per-device page: `read(device id, page)`, each row shown by `view`.
template <typename Read, typename View>
RouteHandler device_page(ApiContext& c, Read read, View view) {
  return [&c, read, view](ApiCall& call) {
    auto device = c.devices.registry().find(call.param(0));
    if (!device) return call.respond(error_response(404, "no device with SN " + call.param(0)));
    auto page = page_of(call.query, call.respond);
    if (!page) return;
    send_page(read(c.store, device->id(), call.query, *page), page->limit, view, [](const auto& r) { return r.id; },
              call.respond);
  };
}

}  // namespace

void add_record_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/attendance.csv", Scope::kRead, "Attendance across terminals as CSV (streamed)",
             [&c](ApiCall& call) { attendance(c, call, std::nullopt, true); });
  routes.add("GET", "/api/v1/attendance", Scope::kRead,
             "Attendance across terminals: ?sn=&pin=&person=&from=&to=&from_utc=&to_utc=&status=&verify=&after=&limit= "
             "(Accept: text/csv for CSV)",
             [&c](ApiCall& call) { attendance(c, call, std::nullopt, false); });
  routes.add("GET", "/api/v1/devices/{sn}/attendance", Scope::kRead, "One terminal's attendance (same filters)",
             [&c](ApiCall& call) {
               if (!c.devices.registry().find(call.param(0)))
                 return call.respond(error_response(404, "no device with SN " + call.param(0)));
               attendance(c, call, call.param(0), false);
             });

  using Q = protocol::Query;
  using P = store::PageQuery;
  routes.add("GET", "/api/v1/devices/{sn}/oplog", Scope::kRead, "Operation log, with operation names",
             device_page(c, [](store::Store& s, store::DeviceId d, const Q&, const P& p) { return s.oplog(d, p); },
                         oplog_json));
  routes.add("GET", "/api/v1/devices/{sn}/errorlog", Scope::kRead, "Error log (004 appendix 9)",
             device_page(c, [](store::Store& s, store::DeviceId d, const Q&, const P& p) { return s.errorlog(d, p); },
                         errorlog_json));
  routes.add("GET", "/api/v1/devices/{sn}/rejected", Scope::kRead, "Upload lines the server could not read",
             device_page(c, [](store::Store& s, store::DeviceId d, const Q&, const P& p) { return s.rejected_lines(d, p); },
                         rejected_json));
  routes.add("GET", "/api/v1/devices/{sn}/records", Scope::kRead,
             "Records kept as sent (?table=RTLOG, IDCARD, WORKCODE...)",
             device_page(c,
                         [](store::Store& s, store::DeviceId d, const Q& q, const P& p) {
                           std::optional<std::string> table;
                           if (auto t = q.get("table")) table = protocol::to_upper(protocol::trim(*t));
                           return s.generic_records(d, table, p);
                         },
                         generic_json));
  routes.add("GET", "/api/v1/devices/{sn}/photos", Scope::kRead, "Photos the terminal uploaded (metadata)",
             device_page(c, [](store::Store& s, store::DeviceId d, const Q&, const P& p) { return s.photos(d, p); },
                         photo_json));
  routes.add("GET", "/api/v1/devices/{sn}/users", Scope::kRead, "Users as the terminal uploaded them",
             device_page(c, [](store::Store& s, store::DeviceId d, const Q&, const P& p) { return s.users(d, p); },
                         user_json));
  routes.add("GET", "/api/v1/devices/{sn}/templates", Scope::kRead, "Templates as the terminal uploaded them",
             device_page(c, [](store::Store& s, store::DeviceId d, const Q&, const P& p) { return s.templates(d, p); },
                         template_json));

  routes.add("GET", "/api/v1/photos/{id}", Scope::kRead, "A photo's bytes", [&c](ApiCall& call) {
    auto id = protocol::parse_int(call.param(0));
    if (!id) return call.respond(error_response(400, "id: a number is required"));
    auto bytes = c.store.photo_bytes(*id);
    if (!bytes) return call.respond(error_response(bytes.error()));
    if (!bytes->has_value()) return call.respond(error_response(404, "no photo " + call.param(0)));
    http::Response r;
    const std::string& b = **bytes;
    r.content_type = b.size() >= 2 && b[0] == '\xFF' && b[1] == '\xD8' ? "image/jpeg" : "application/octet-stream";
    r.body = std::move(**bytes);
    call.respond(std::move(r));
  });
}

}  // namespace zkpush::api
