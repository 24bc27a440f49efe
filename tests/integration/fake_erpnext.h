// A stand-in for an ERPNext / Frappe HRMS site, as much of it as zkpush's
// connector meets (docs/connectors.md names the sources): the whitelisted
// method add_log_based_on_employee_field (HRMS and the older ERPNext path)
// and frappe.auth.get_logged_user, token authentication, and Frappe's
// answers: 200 {"message": <Employee Checkin>}, 417 ValidationErrors with
// `_server_messages`, 401 for a wrong key or secret, 403 without one.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/server.h"

namespace zkpush::test {

class FakeErpnext : public http::Handler {
 public:
  FakeErpnext(std::string api_key, std::string api_secret) : key_(std::move(api_key)), secret_(std::move(api_secret)) {}

  // An Employee with this attendance_device_id.
  void add_employee(const std::string& id, const std::string& name, const std::string& device_id, bool active = true);

  struct Checkin {
    std::string name, employee, time, log_type, device_id;
    int skip_auto_attendance = 0;
  };
  // An Employee Checkin put in by someone else (another sync tool).
  void add_checkin(Checkin checkin);
  std::vector<Checkin> checkins();
  // Calls of the checkin method, whatever their answer.
  int checkin_calls();
  // Requests zkpush should never send (wrong path, method, Content-Type...), described.
  std::vector<std::string> misuses();

  void handle(const http::Request& request, http::Responder respond) override;

 private:
  struct Employee {
    std::string id, name, device_id;
    bool active = true;
  };
  http::Response add_log(const http::Request& request);
  // Nullopt when the Authorization header holds our key and secret, else
  // the answer Frappe gives (401, or 403 for a Guest).
  std::optional<http::Response> refuse_auth(const http::Request& request) const;

  const std::string key_, secret_;
  std::mutex mu_;
  std::vector<Employee> employees_;
  std::vector<Checkin> checkins_;
  int checkin_calls_ = 0;
  std::vector<std::string> misuses_;
};

}  // namespace zkpush::test
