#include "service/connectors/erpnext.h"

#include <spdlog/spdlog.h>

#include "build_version.h"
#include "service/event_feed.h"
#include "util/json_text.h"

namespace zkpush::service::connectors {

using nlohmann::json;

namespace {

// HRMS's validate_duplicate_log: the same employee, time and log type is on
// file already (HTTP 417, a ValidationError like any other refusal).
constexpr std::string_view kDuplicateLog = "This employee already has a log with the same timestamp";

std::string without_html(std::string_view text) {
  std::string out;
  bool in_tag = false;
  for (char c : text) {
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag) out += c;
  }
  return out;
}

std::string frappe_server_messages(const json& answer) {
  auto it = answer.find("_server_messages");
  if (it == answer.end() || !it->is_string()) return "";
  const json list = json::parse(it->get<std::string>(), nullptr, false);
  if (!list.is_array()) return "";
  std::string joined;
  for (const auto& item : list) {
    if (!item.is_string()) continue;
    const json message = json::parse(item.get<std::string>(), nullptr, false);
    if (!message.is_object() || !message.contains("message") || !message["message"].is_string()) continue;
    if (!joined.empty()) joined += "; ";
    joined += without_html(message["message"].get<std::string>());
  }
  return joined;
}

// A 401 or 403 is about the key and secret (or the user's rights), which an
// administrator can fix: the punch waits for that instead of being dropped.
Outcome credentials_refused(int status, const std::string& body) {
  return {Outcome::Kind::kRetry, status,
          "ERPNext refused the credentials (HTTP " + std::to_string(status) + ": " + frappe_error_message(body) +
              "): check api_key, api_secret and the user's Employee Checkin rights; retried"};
}

}  // namespace

std::string frappe_error_message(const std::string& body) {
  const json answer = json::parse(body, nullptr, false);
  if (!answer.is_object()) return body.substr(0, 200);
  if (std::string messages = frappe_server_messages(answer); !messages.empty()) return messages;
  if (auto e = answer.find("exception"); e != answer.end() && e->is_string()) {
    const std::string text = e->get<std::string>();  // "frappe.exceptions.ValidationError: <message>"
    const std::size_t colon = text.find(": ");
    return without_html(colon == std::string::npos ? text : text.substr(colon + 2));
  }
  if (auto t = answer.find("exc_type"); t != answer.end() && t->is_string()) return t->get<std::string>();
  return body.substr(0, 200);
}

Result<ErpnextSettings> read_erpnext_settings(const json& config) {
  ErpnextSettings s;
  auto url = base_url(config);
  if (!url) return url.error();
  s.url = *url;
  auto key = required_text(config, "api_key");
  if (!key) return key.error();
  s.api_key = *key;
  auto secret = required_text(config, "api_secret");
  if (!secret) return secret.error();
  s.api_secret = *secret;
  auto field = optional_text(config, "employee_field", s.employee_field);
  if (!field) return field.error();
  s.employee_field = *field;
  auto method = optional_text(config, "method", s.method);
  if (!method) return method.error();
  if (method->find('/') != std::string::npos) return Error::invalid("config.method: a dotted method path");
  s.method = *method;
  if (auto skip = config.find("skip_auto_attendance"); skip != config.end()) {
    if (!skip->is_boolean()) return Error::invalid("config.skip_auto_attendance: true or false");
    s.skip_auto_attendance = skip->get<bool>();
  }
  auto device = optional_text(config, "device_id", s.device_id);
  if (!device) return device.error();
  s.device_id = *device;
  return s;
}

HttpHeaders ErpnextConnector::headers() const {
  return {{"Authorization", "token " + settings_.api_key + ":" + settings_.api_secret},
          {"Accept", "application/json"},
          {"Content-Type", "application/json"},
          {"User-Agent", std::string("zkpush/") + ZKPUSH_VERSION}};
}

json ErpnextConnector::checkin_body(const Event& punch, const std::string& employee) const {
  const std::string sn = punch.data.value("sn", std::string());
  std::string device = settings_.device_id;
  if (device == "sn") {
    device = sn;
  } else if (device == "alias") {
    auto terminal = terminals_ ? terminals_(sn) : std::nullopt;
    device = terminal && !terminal->alias.empty() ? terminal->alias : sn;  // an unlabelled terminal: its SN
  }
  json body{{"employee_field_value", employee},
            {"timestamp", punch.data.value("time", std::string())},
            {"device_id", device},
            {"skip_auto_attendance", settings_.skip_auto_attendance ? 1 : 0},
            {"employee_fieldname", settings_.employee_field}};
  // log_type is a Select of "", "IN", "OUT" (case-sensitive); an unknown
  // direction sends none and lets HRMS's shift rules decide.
  const std::string direction = punch.data.value("direction", std::string());
  if (direction == "in") body["log_type"] = "IN";
  if (direction == "out") body["log_type"] = "OUT";
  return body;
}

boost::asio::awaitable<Outcome> ErpnextConnector::deliver(const Event& punch) {
  const std::string employee = employee_value(common_, punch);
  if (employee.empty())
    co_return Outcome{Outcome::Kind::kRefused, 0, "the punch has no " + common_.employee_source};
  const std::string body = json_text(checkin_body(punch, employee));
  const std::string post = "POST";
  const HttpAnswer answer =
      co_await http_.send(post, settings_.url + "/api/method/" + settings_.method, headers(), body);
  if (answer.status == 0) co_return Outcome{Outcome::Kind::kRetry, 0, answer.error};
  if (answer.status == 200) co_return Outcome{Outcome::Kind::kDelivered, 200, ""};
  if (answer.status == 401 || answer.status == 403) co_return credentials_refused(answer.status, answer.body);
  const std::string message = frappe_error_message(answer.body);
  if (answer.status == 417) {
    // A duplicate is the same employee, time and log type already on file:
    // this punch went in before (an answer lost on the way back, or another
    // sync tool), so the log ERPNext should have is there. Recorded as
    // delivered, with the note, rather than as a refusal to look into.
    if (message.find(kDuplicateLog) != std::string::npos)
      co_return Outcome{Outcome::Kind::kDelivered, 417, "already in ERPNext (a duplicate is fine): " + message};
    co_return Outcome{Outcome::Kind::kRefused, 417, "refused by ERPNext: " + message};
  }
  // 429 and 5xx pass; a 404 is a wrong url or method, fixed by a PATCH of
  // the config, so the punches wait for it too.
  if (answer.status == 429 || answer.status >= 500 || answer.status == 404)
    co_return Outcome{Outcome::Kind::kRetry, answer.status,
                      "ERPNext answered HTTP " + std::to_string(answer.status) + ": " + message};
  co_return Outcome{Outcome::Kind::kRefused, answer.status, "refused by ERPNext: " + message};
}

boost::asio::awaitable<TestAnswer> ErpnextConnector::test() {
  const std::string get = "GET", no_body;
  const HttpAnswer answer =
      co_await http_.send(get, settings_.url + "/api/method/frappe.auth.get_logged_user", headers(), no_body);
  if (answer.status == 0) co_return TestAnswer{false, 0, "no answer from " + settings_.url + ": " + answer.error};
  if (answer.status == 200) {
    const json body = json::parse(answer.body, nullptr, false);
    const std::string user = body.is_object() ? body.value("message", std::string()) : std::string();
    co_return TestAnswer{!user.empty(), 200, user.empty() ? "an answer without a user" : "signed in as " + user};
  }
  co_return TestAnswer{false, answer.status,
                       "ERPNext answered HTTP " + std::to_string(answer.status) + ": " +
                           frappe_error_message(answer.body)};
}

}  // namespace zkpush::service::connectors
