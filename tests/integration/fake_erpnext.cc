#include "fake_erpnext.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

namespace zkpush::test {

using nlohmann::json;

namespace {

constexpr std::string_view kHrmsMethod =
    "/api/method/hrms.hr.doctype.employee_checkin.employee_checkin.add_log_based_on_employee_field";
constexpr std::string_view kErpnextMethod =
    "/api/method/erpnext.hr.doctype.employee_checkin.employee_checkin.add_log_based_on_employee_field";

http::Response frappe_json(const json& body, int status) {
  http::Response r;
  r.status = status;
  r.body = body.dump();  // compact, as Frappe 15's orjson
  r.content_type = "application/json";
  return r;
}

// frappe.throw(message) as API v1 reports it: `_server_messages` is a JSON
// text of a list of JSON texts; `exception` and `exc` only when tracebacks
// are shown to the user (System Settings), so both shapes occur.
http::Response frappe_throw(const std::string& message, bool with_traceback, int status = 417,
                            const std::string& exc_type = "ValidationError") {
  const json note{{"message", message}, {"title", "Message"}, {"indicator", "red"}, {"raise_exception", 1},
                  {"__frappe_exc_id", "abc123"}};
  json body{{"exc_type", exc_type}, {"_server_messages", json::array({note.dump()}).dump()}};
  if (with_traceback) {
    body["exception"] = "frappe.exceptions." + exc_type + ": " + message;
    body["_exc_source"] = "hrms (app)";
    body["exc"] = json::array({"Traceback (most recent call last):\n  ...\nfrappe.exceptions." + exc_type + ": " +
                               message + "\n"})
                      .dump();
  }
  return frappe_json(body, status);
}

// get_datetime takes "YYYY-MM-DD HH:MM:SS" with optional microseconds;
// before_validate drops them.
std::optional<std::string> checkin_time(const json& value) {
  static const std::regex format(R"((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(\.\d{1,6})?)");
  std::smatch m;
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  if (!std::regex_match(text, m, format)) return std::nullopt;
  return m[1].str();
}

}  // namespace

void FakeErpnext::add_employee(const std::string& id, const std::string& name, const std::string& device_id,
                               bool active) {
  std::lock_guard lock(mu_);
  employees_.push_back({id, name, device_id, active});
}

void FakeErpnext::add_checkin(Checkin checkin) {
  std::lock_guard lock(mu_);
  checkins_.push_back(std::move(checkin));
}

std::vector<FakeErpnext::Checkin> FakeErpnext::checkins() {
  std::lock_guard lock(mu_);
  return checkins_;
}

int FakeErpnext::checkin_calls() {
  std::lock_guard lock(mu_);
  return checkin_calls_;
}

std::vector<std::string> FakeErpnext::misuses() {
  std::lock_guard lock(mu_);
  return misuses_;
}

// frappe.auth.validate_auth: "token key:secret" split on one space, the
// scheme case-insensitive; a wrong pair is an AuthenticationError with no
// message (401 since Frappe 15); no header leaves the caller a Guest, whom
// the method refuses (403 PermissionError).
std::optional<http::Response> FakeErpnext::refuse_auth(const http::Request& request) const {
  const std::string header(request.header("Authorization"));
  if (header.empty())
    return frappe_throw("You are not permitted to access this resource. Login to access", false, 403,
                        "PermissionError");
  const std::size_t space = header.find(' ');
  std::string scheme = header.substr(0, space);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string token = space == std::string::npos ? "" : header.substr(space + 1);
  if (scheme != "token" || token.find(' ') != std::string::npos || token != key_ + ":" + secret_)
    return frappe_json(json{{"exc_type", "AuthenticationError"}}, 401);
  return std::nullopt;
}

void FakeErpnext::handle(const http::Request& request, http::Responder respond) {
  if (auto refused = refuse_auth(request)) return respond(std::move(*refused));
  if (request.path == "/api/method/frappe.auth.get_logged_user") {
    if (request.method != "GET") {
      std::lock_guard lock(mu_);
      misuses_.push_back(request.method + " " + request.path);
    }
    return respond(frappe_json(json{{"message", "zkpush@example.com"}}, 200));
  }
  if (request.path == kHrmsMethod || request.path == kErpnextMethod) {
    std::lock_guard lock(mu_);
    ++checkin_calls_;
    if (request.method != "POST") misuses_.push_back(request.method + " " + request.path);
    return respond(add_log(request));
  }
  {
    std::lock_guard lock(mu_);
    misuses_.push_back(request.method + " " + request.path);
  }
  // An unknown method fails while it is looked up (a ValidationError).
  respond(frappe_throw("Failed to get method for command " + request.path, true));
}

// HRMS's add_log_based_on_employee_field and EmployeeCheckin.validate, in
// their order. Called with mu_ held.
http::Response FakeErpnext::add_log(const http::Request& request) {
  if (request.header("Content-Type").find("application/json") == std::string_view::npos)
    misuses_.push_back("Content-Type " + std::string(request.header("Content-Type")));
  const json args = json::parse(request.body, nullptr, false);
  if (!args.is_object()) return frappe_throw("zkpush sends JSON objects", true, 500, "JSONDecodeError");
  const std::string value = args.value("employee_field_value", std::string());
  const std::string fieldname = args.value("employee_fieldname", std::string("attendance_device_id"));
  if (value.empty() || !args.contains("timestamp"))
    return frappe_throw("'employee_field_value' and 'timestamp' are required.", true);
  if (fieldname != "attendance_device_id") misuses_.push_back("employee_fieldname " + fieldname);
  auto employee = std::find_if(employees_.begin(), employees_.end(),
                               [&](const Employee& e) { return e.device_id == value; });
  if (employee == employees_.end())
    return frappe_throw("No Employee found for the given employee field value. '" + fieldname + "': " + value, true);
  const auto time = checkin_time(args["timestamp"]);
  if (!time) return frappe_throw("Unknown datetime string: " + args["timestamp"].dump(), true, 500, "ValueError");
  if (!employee->active)
    return frappe_throw("Transactions cannot be created for an Inactive Employee " + employee->id + ".", true);
  const std::string log_type = args.value("log_type", std::string());
  // validate_duplicate_log: employee, time and log type (current HRMS).
  for (const Checkin& c : checkins_)
    if (c.employee == employee->id && c.time == *time && c.log_type == log_type)
      return frappe_throw("This employee already has a log with the same timestamp.<Br><a href=\"/app/employee-checkin/" +
                              c.name + "\">" + c.name + "</a>",
                          false);
  if (log_type != "" && log_type != "IN" && log_type != "OUT")
    return frappe_throw(" Log Type cannot be \"" + log_type + "\". It should be one of \"\", \"IN\", \"OUT\"", true);
  char name[40];
  std::snprintf(name, sizeof name, "EMP-CKIN-%s-%s-%06zu", time->substr(5, 2).c_str(), time->substr(0, 4).c_str(),
                checkins_.size() + 1);
  Checkin checkin{name, employee->id, *time, log_type, args.value("device_id", std::string()),
                  args.value("skip_auto_attendance", 0)};
  checkins_.push_back(checkin);
  json doc{{"name", checkin.name},         {"doctype", "Employee Checkin"}, {"employee", checkin.employee},
           {"employee_name", employee->name}, {"time", checkin.time},       {"device_id", checkin.device_id},
           {"skip_auto_attendance", checkin.skip_auto_attendance}, {"docstatus", 0}, {"idx", 0}};
  if (!log_type.empty()) doc["log_type"] = log_type;
  return frappe_json(json{{"message", doc}}, 200);
}

}  // namespace zkpush::test
