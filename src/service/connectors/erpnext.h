// ERPNext / Frappe HRMS: each punch becomes an Employee Checkin through the
// whitelisted method add_log_based_on_employee_field, as Frappe's own
// biometric-attendance-sync-tool does:
//   POST {url}/api/method/{method}
//   Authorization: token {api_key}:{api_secret}
//   {"employee_field_value", "timestamp", "device_id", "log_type",
//    "skip_auto_attendance", "employee_fieldname"}
// The timestamp is the terminal's wall clock: Frappe Datetimes are naive
// times in the site's time zone, with no conversion (docs/connectors.md).
#pragma once

#include <string>

#include "service/connectors/connector.h"

namespace zkpush::service::connectors {

inline constexpr const char* kHrmsCheckinMethod =
    "hrms.hr.doctype.employee_checkin.employee_checkin.add_log_based_on_employee_field";

struct ErpnextSettings {
  std::string url;  // the site, without a trailing '/'
  std::string api_key, api_secret;
  std::string employee_field = "attendance_device_id";
  std::string method = kHrmsCheckinMethod;  // ERPNext 13 and older: erpnext.hr.doctype...
  bool skip_auto_attendance = false;
  std::string device_id = "sn";  // "sn", "alias" (the terminal's label) or a fixed text
};

Result<ErpnextSettings> read_erpnext_settings(const nlohmann::json& config);

class ErpnextConnector final : public Connector {
 public:
  ErpnextConnector(CommonSettings common, TerminalLookup terminals, ErpnextSettings settings, HttpExchange& http)
      : Connector(std::move(common), std::move(terminals)), settings_(std::move(settings)), http_(http) {}
  boost::asio::awaitable<Outcome> deliver(const Event& punch) override;
  // GET {url}/api/method/frappe.auth.get_logged_user: the API key's user.
  boost::asio::awaitable<TestAnswer> test() override;

 private:
  nlohmann::json checkin_body(const Event& punch, const std::string& employee) const;
  HttpHeaders headers() const;

  const ErpnextSettings settings_;
  HttpExchange& http_;
};

// The message of a Frappe error answer (API v1): the messages in
// `_server_messages` (a JSON text of a list of JSON texts of objects), else
// `exception` less its class, else `exc_type`, else the body's start. HTML
// (the duplicate's link to the existing log) is left out.
std::string frappe_error_message(const std::string& body);

}  // namespace zkpush::service::connectors
