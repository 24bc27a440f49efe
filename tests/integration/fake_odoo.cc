#include "fake_odoo.h"

#include <algorithm>
#include <regex>

namespace zkpush::test {

using nlohmann::json;

namespace {

constexpr int64_t kUid = 2;

json odoo_error(const std::string& exception, const std::string& message) {
  return json{{"name", "odoo.exceptions." + exception},
              {"debug", "Traceback (most recent call last):\n  ...\nodoo.exceptions." + exception + ": " + message},
              {"message", message},
              {"arguments", json::array({message})},
              {"context", json::object()}};
}

// fields.Datetime takes "YYYY-MM-DD HH:MM:SS" (a naive UTC time).
bool odoo_datetime(const json& value) {
  static const std::regex format(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})");
  return value.is_string() && std::regex_match(value.get<std::string>(), format);
}

// format_datetime for an en_US user in UTC: "01/15/2024 08:00:00".
std::string shown_datetime(const std::string& utc) {
  return utc.substr(5, 2) + "/" + utc.substr(8, 2) + "/" + utc.substr(0, 4) + utc.substr(10);
}

// A domain of ["field", "=", value] leaves, as zkpush sends them.
std::optional<json> domain_value(const json& domain, const std::string& field) {
  if (!domain.is_array()) return std::nullopt;
  for (const auto& leaf : domain)
    if (leaf.is_array() && leaf.size() == 3 && leaf[0] == field && leaf[1] == "=") return leaf[2];
  return std::nullopt;
}

}  // namespace

void FakeOdoo::add_employee(int64_t id, const std::string& name, const std::string& barcode) {
  std::lock_guard lock(mu_);
  employees_.push_back({id, name, barcode});
}

void FakeOdoo::set_api_key(std::string key) {
  std::lock_guard lock(mu_);
  key_ = std::move(key);
}

std::vector<FakeOdoo::Attendance> FakeOdoo::attendances() {
  std::lock_guard lock(mu_);
  return attendances_;
}

int FakeOdoo::logins() {
  std::lock_guard lock(mu_);
  return logins_;
}

std::vector<std::string> FakeOdoo::misuses() {
  std::lock_guard lock(mu_);
  return misuses_;
}

void FakeOdoo::handle(const http::Request& request, http::Responder respond) {
  std::lock_guard lock(mu_);
  if (request.method != "POST" || request.path != "/jsonrpc") {
    misuses_.push_back(request.method + " " + request.path);
    return respond(http::Response::text("404: Not Found", 404));
  }
  // The JSON dispatcher is chosen by the mimetype; anything else is a 400.
  if (request.header("Content-Type").find("application/json") == std::string_view::npos) {
    misuses_.push_back("Content-Type " + std::string(request.header("Content-Type")));
    return respond(http::Response::text("Bad Request: Please verify the Content-Type request header", 400));
  }
  const json rpc = json::parse(request.body, nullptr, false);
  const json params = rpc.is_object() ? rpc.value("params", json()) : json();
  if (!params.is_object()) {
    misuses_.push_back("not JSON-RPC with params by name: " + request.body);
    return respond(http::Response::text("Bad Request: Invalid JSON data", 400));
  }
  json error;
  json result = call(params.value("service", std::string()), params.value("method", std::string()),
                     params.value("args", json::array()), error);
  json answer{{"jsonrpc", "2.0"}, {"id", rpc.value("id", json())}};
  if (!error.is_null()) answer["error"] = json{{"code", 200}, {"message", "Odoo Server Error"}, {"data", error}};
  else if (!result.is_null()) answer["result"] = result;
  http::Response r;
  r.body = answer.dump();
  r.content_type = "application/json";
  respond(std::move(r));
}

json FakeOdoo::call(const std::string& service, const std::string& method, const json& args, json& error) {
  if (service == "common" && method == "login") {
    ++logins_;
    // exp_login: a wrong login or password (key) is False, not an error.
    if (args.size() == 3 && args[0] == database_ && args[1] == login_ && args[2] == key_) return kUid;
    return false;
  }
  if (service == "object" && method == "execute_kw") {
    if (args.size() < 6 || args[0] != database_ || args[1] != kUid || args[2] != key_) {
      error = odoo_error("AccessDenied", "Access Denied");
      return nullptr;
    }
    return execute(args[3].get<std::string>(), args[4].get<std::string>(), args[5],
                   args.size() > 6 ? args[6] : json::object(), error);
  }
  misuses_.push_back("service " + service + "." + method);
  error = odoo_error("UserError", "unknown method " + service + "." + method);
  return nullptr;
}

json FakeOdoo::execute(const std::string& model, const std::string& method, const json& args, const json& kwargs,
                       json& error) {
  if (model == "hr.employee" && method == "search_read" && !args.empty()) {
    json rows = json::array();
    for (const char* field : {"barcode", "pin", "identification_id"}) {
      auto value = domain_value(args[0], field);
      if (!value) continue;
      if (std::string(field) != "barcode") misuses_.push_back(std::string("employee by ") + field);
      for (const Employee& e : employees_)
        if (json(e.barcode) == *value) rows.push_back(json{{"id", e.id}, {"name", e.name}});
    }
    if (kwargs.value("limit", 0) > 0 && rows.size() > kwargs["limit"].get<std::size_t>()) rows.erase(rows.begin() + 1, rows.end());
    return rows;
  }
  if (model == "hr.attendance" && method == "search_read" && !args.empty()) {
    auto employee = domain_value(args[0], "employee_id");
    auto check_out = domain_value(args[0], "check_out");
    if (!employee || !check_out || *check_out != false) misuses_.push_back("attendance search " + args.dump());
    json rows = json::array();
    for (const Attendance& a : attendances_)
      if (employee && json(a.employee_id) == *employee && !a.check_out)
        rows.push_back(json{{"id", a.id}, {"check_in", a.check_in}});
    return rows;
  }
  if (model == "hr.attendance" && method == "create" && args.size() == 1) return create_attendance(args[0], error);
  if (model == "hr.attendance" && method == "write" && args.size() == 2) return write_attendance(args[0], args[1], error);
  misuses_.push_back(model + "." + method + " " + args.dump());
  error = odoo_error("UserError", "Object " + model + " doesn't exist");
  return nullptr;
}

// hr.attendance._check_validity (16/17) for a new record.
json FakeOdoo::create_attendance(const json& values, json& error) {
  if (!values.is_object() || !values.contains("employee_id") || !odoo_datetime(values.value("check_in", json()))) {
    misuses_.push_back("create " + values.dump());
    error = odoo_error("ValidationError", "bad values");
    return nullptr;
  }
  const int64_t employee_id = values["employee_id"].get<int64_t>();
  const std::string check_in = values["check_in"].get<std::string>();
  auto employee = std::find_if(employees_.begin(), employees_.end(), [&](const Employee& e) { return e.id == employee_id; });
  const std::string name = employee == employees_.end() ? "?" : employee->name;
  for (const Attendance& a : attendances_) {
    if (a.employee_id != employee_id) continue;
    if (a.check_in <= check_in && a.check_out && *a.check_out > check_in) {
      error = odoo_error("ValidationError", "Cannot create new attendance record for " + name +
                                                ", the employee was already checked in on " + shown_datetime(check_in));
      return nullptr;
    }
    if (!a.check_out) {
      error = odoo_error("ValidationError", "Cannot create new attendance record for " + name +
                                                ", the employee hasn't checked out since " + shown_datetime(a.check_in));
      return nullptr;
    }
  }
  attendances_.push_back({static_cast<int64_t>(attendances_.size()) + 1, employee_id, check_in, std::nullopt});
  return attendances_.back().id;
}

json FakeOdoo::write_attendance(const json& ids, const json& values, json& error) {
  if (!ids.is_array() || ids.size() != 1 || !values.is_object() || !odoo_datetime(values.value("check_out", json()))) {
    misuses_.push_back("write " + ids.dump() + " " + values.dump());
    error = odoo_error("ValidationError", "bad values");
    return nullptr;
  }
  auto a = std::find_if(attendances_.begin(), attendances_.end(), [&](const Attendance& x) { return ids[0] == x.id; });
  if (a == attendances_.end()) {
    error = odoo_error("MissingError", "Record does not exist or has been deleted.");
    return nullptr;
  }
  const std::string check_out = values["check_out"].get<std::string>();
  if (check_out < a->check_in) {
    error = odoo_error("ValidationError", "\"Check Out\" time cannot be earlier than \"Check In\" time.");
    return nullptr;
  }
  a->check_out = check_out;
  return true;
}

}  // namespace zkpush::test
