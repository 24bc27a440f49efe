#include "service/connectors/odoo.h"

#include "protocol/record_time.h"
#include "service/event_feed.h"
#include "util/clock.h"

namespace zkpush::service::connectors {

using nlohmann::json;

namespace {

constexpr std::string_view kAccessDenied = "odoo.exceptions.AccessDenied";

// Odoo's answers that are about this punch (a constraint of hr.attendance,
// a missing record, rights on a field): asking again gets the same answer.
bool odoo_refusal(const RpcAnswer& a) {
  return a.failed_with("odoo.exceptions.ValidationError") || a.failed_with("odoo.exceptions.UserError") ||
         a.failed_with("odoo.exceptions.AccessError") || a.failed_with("odoo.exceptions.MissingError");
}

// The outcome of a call that went wrong; nullopt when it did not.
std::optional<Outcome> odoo_failure(const RpcAnswer& a) {
  if (!a.answered()) return Outcome{Outcome::Kind::kRetry, a.http_status, a.transport_error};
  if (a.error_name.empty()) return std::nullopt;
  if (a.failed_with(kAccessDenied))  // the login or key: an administrator can fix it
    return Outcome{Outcome::Kind::kRetry, a.http_status,
                   "Odoo refused the credentials (" + a.error_message + "): check login and api_key; retried"};
  if (odoo_refusal(a)) return Outcome{Outcome::Kind::kRefused, a.http_status, "refused by Odoo: " + a.error_message};
  return Outcome{Outcome::Kind::kRetry, a.http_status, "Odoo failed (" + a.error_name + "): " + a.error_message};
}

// The "id" of the first row of a search_read's answer; nullopt for none.
std::optional<int64_t> first_id(const json& rows) {
  if (!rows.is_array() || rows.empty() || !rows[0].is_object()) return std::nullopt;
  auto id = rows[0].find("id");
  if (id == rows[0].end() || !id->is_number_integer()) return std::nullopt;
  return id->get<int64_t>();
}

// What the calls send, built outside the coroutines: GCC 12 rejects
// initializer lists in a coroutine's co_await expressions.
const std::string kCommon = "common", kObject = "object", kLogin = "login", kExecuteKw = "execute_kw";
const std::string kEmployeeModel = "hr.employee", kAttendanceModel = "hr.attendance";
const std::string kSearchRead = "search_read", kCreate = "create", kWrite = "write";

json login_args(const OdooSettings& s) { return json::array({s.database, s.login, s.api_key}); }
json execute_args(const OdooSettings& s, int64_t uid, const std::string& model, const std::string& method,
                  json args, json kwargs) {
  return json::array({s.database, uid, s.api_key, model, method, std::move(args), std::move(kwargs)});
}

json employee_search(const std::string& field, const std::string& value) {
  return json::array({json::array({json::array({field, "=", value})})});
}
json employee_fields() { return json{{"fields", json::array({"id", "name"})}, {"limit", 1}}; }

json open_attendance_search(int64_t employee_id) {
  return json::array({json::array({json::array({"employee_id", "=", employee_id}), json::array({"check_out", "=", false})})});
}
json open_attendance_fields() {
  return json{{"fields", json::array({"id", "check_in"})}, {"limit", 1}, {"order", "check_in desc"}};
}

json check_out_values(int64_t attendance_id, const std::string& when) {
  return json::array({json::array({attendance_id}), json{{"check_out", when}}});
}
json check_in_values(int64_t employee_id, const std::string& when) {
  return json::array({json{{"employee_id", employee_id}, {"check_in", when}}});
}

bool is_employee_field(const std::string& field) {
  return field == "barcode" || field == "pin" || field == "identification_id";
}

}  // namespace

Result<OdooSettings> read_odoo_settings(const json& config) {
  OdooSettings s;
  auto url = base_url(config);
  if (!url) return url.error();
  s.url = *url;
  auto database = required_text(config, "database");
  if (!database) return database.error();
  s.database = *database;
  auto login = required_text(config, "login");
  if (!login) return login.error();
  s.login = *login;
  auto key = required_text(config, "api_key");
  if (!key) return key.error();
  s.api_key = *key;
  auto field = optional_text(config, "employee_field", s.employee_field);
  if (!field || !is_employee_field(*field))
    return Error::invalid("config.employee_field: \"barcode\", \"pin\" or \"identification_id\"");
  s.employee_field = *field;
  auto zone = optional_text(config, "time_zone", "");
  if (!zone || (!zone->empty() && !protocol::time_zone_minutes(*zone)))
    return Error::invalid("config.time_zone: hours (\"3\", \"-5\") or minutes (\"330\") east of UTC");
  s.time_zone = *zone;
  return s;
}

std::optional<std::string> OdooConnector::utc_time(const Event& punch) const {
  const std::string time = punch.data.value("time", std::string());
  auto instant = protocol::record_utc_ms(time, punch.data.value("time_zone", std::string()));
  if (!instant && !settings_.time_zone.empty()) instant = protocol::record_utc_ms(time, settings_.time_zone);
  if (!instant) return std::nullopt;
  return format_record_time(*instant / 1000);
}

boost::asio::awaitable<RpcAnswer> OdooConnector::login() {
  RpcAnswer a = co_await odoo_call(http_, settings_.url, kCommon, kLogin, login_args(settings_));
  if (!a.answered() || !a.error_name.empty()) co_return a;
  if (a.result.is_number_integer()) {
    uid_ = a.result.get<int64_t>();
    co_return a;
  }
  // A wrong login or key is no error to Odoo: login answers false.
  a.error_name = kAccessDenied;
  a.error_message = "Odoo refused the login " + settings_.login + " on database " + settings_.database;
  co_return a;
}

boost::asio::awaitable<RpcAnswer> OdooConnector::execute(const std::string& model, const std::string& method,
                                                          json args, json kwargs) {
  for (int round = 0;; ++round) {
    if (!uid_) {
      RpcAnswer signed_in = co_await login();
      if (!uid_) co_return signed_in;
    }
    RpcAnswer a =
        co_await odoo_call(http_, settings_.url, kObject, kExecuteKw, execute_args(settings_, *uid_, model, method, args, kwargs));
    if (!a.failed_with(kAccessDenied) || round > 0) co_return a;
    uid_.reset();
  }
}

boost::asio::awaitable<Outcome> OdooConnector::deliver(const Event& punch) {
  const std::string employee = employee_value(common_, punch);
  if (employee.empty()) co_return Outcome{Outcome::Kind::kRefused, 0, "the punch has no " + common_.employee_source};
  const std::optional<std::string> when = utc_time(punch);
  if (!when)
    co_return Outcome{Outcome::Kind::kRefused, 0,
                      "no UTC time for " + punch.data.value("time", std::string()) +
                          ": the terminal's TimeZone is unknown and the connector has no time_zone"};

  const RpcAnswer found = co_await execute(kEmployeeModel, kSearchRead,
                                           employee_search(settings_.employee_field, employee), employee_fields());
  if (auto failed = odoo_failure(found)) co_return *failed;
  const std::optional<int64_t> employee_id = first_id(found.result);
  if (!employee_id)
    co_return Outcome{Outcome::Kind::kRefused, found.http_status,
                      "no employee with " + settings_.employee_field + " " + employee};

  const RpcAnswer open = co_await execute(kAttendanceModel, kSearchRead, open_attendance_search(*employee_id),
                                          open_attendance_fields());
  if (auto failed = odoo_failure(open)) co_return *failed;
  const std::optional<int64_t> open_id = first_id(open.result);
  std::string open_since;
  if (open_id && open.result[0]["check_in"].is_string()) open_since = open.result[0]["check_in"].get<std::string>();

  const std::string direction = punch.data.value("direction", std::string());
  // A check-in at this very instant is open: this punch went in before and
  // its answer was lost. Creating it again would only be refused.
  if (direction != "out" && open_id && open_since == *when)
    co_return Outcome{Outcome::Kind::kDelivered, open.http_status, "already in Odoo: attendance " +
                                                                        std::to_string(*open_id)};
  RpcAnswer written;
  if (direction == "out" || (direction.empty() && open_id)) {
    if (!open_id)
      co_return Outcome{Outcome::Kind::kRefused, open.http_status,
                        "check-out without an open check-in (employee " + employee + " at " + *when + " UTC)"};
    written = co_await execute(kAttendanceModel, kWrite, check_out_values(*open_id, *when), json::object());
  } else {
    // An "in" while one is open is Odoo's to refuse ("hasn't checked out
    // since ..."), so the delivery log shows its own words.
    written = co_await execute(kAttendanceModel, kCreate, check_in_values(*employee_id, *when), json::object());
  }
  if (auto failed = odoo_failure(written)) co_return *failed;
  co_return Outcome{Outcome::Kind::kDelivered, written.http_status, ""};
}

boost::asio::awaitable<TestAnswer> OdooConnector::test() {
  uid_.reset();
  const RpcAnswer a = co_await login();
  if (!a.answered()) co_return TestAnswer{false, a.http_status, "no answer from " + settings_.url + ": " + a.transport_error};
  if (!uid_) co_return TestAnswer{false, a.http_status, a.error_message};
  co_return TestAnswer{true, a.http_status, "signed in as uid " + std::to_string(*uid_)};
}

}  // namespace zkpush::service::connectors
