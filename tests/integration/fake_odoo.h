// A stand-in for an Odoo 16/17 database behind its external JSON-RPC API
// (POST /jsonrpc), as much as zkpush's connector meets (docs/connectors.md
// names the sources): common.login with an API key in the password's
// place, object.execute_kw checking the key on every call (AccessDenied),
// hr.employee search_read by barcode / pin / identification_id, and
// hr.attendance search_read / create / write with _check_validity's
// ValidationErrors. Errors go out as Odoo sends them: HTTP 200 with
// {"error": {"code": 200, "message": "Odoo Server Error", "data": {...}}}.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/server.h"

namespace zkpush::test {

class FakeOdoo : public http::Handler {
 public:
  FakeOdoo(std::string database, std::string login, std::string api_key)
      : database_(std::move(database)), login_(std::move(login)), key_(std::move(api_key)) {}

  void add_employee(int64_t id, const std::string& name, const std::string& barcode);
  // A new key for the user: the old one is refused from now on.
  void set_api_key(std::string key);

  struct Attendance {
    int64_t id = 0, employee_id = 0;
    std::string check_in;                 // naive UTC "YYYY-MM-DD HH:MM:SS"
    std::optional<std::string> check_out;
  };
  std::vector<Attendance> attendances();
  int logins();
  std::vector<std::string> misuses();

  void handle(const http::Request& request, http::Responder respond) override;

 private:
  struct Employee {
    int64_t id = 0;
    std::string name, barcode;
  };
  // The JSON-RPC result, or the error object's data ({name, message}). Called with mu_ held.
  nlohmann::json call(const std::string& service, const std::string& method, const nlohmann::json& args,
                      nlohmann::json& error);
  nlohmann::json execute(const std::string& model, const std::string& method, const nlohmann::json& args,
                         const nlohmann::json& kwargs, nlohmann::json& error);
  nlohmann::json create_attendance(const nlohmann::json& values, nlohmann::json& error);
  nlohmann::json write_attendance(const nlohmann::json& ids, const nlohmann::json& values, nlohmann::json& error);

  const std::string database_, login_;
  std::mutex mu_;
  std::string key_;
  std::vector<Employee> employees_;
  std::vector<Attendance> attendances_;
  int logins_ = 0;
  std::vector<std::string> misuses_;
};

}  // namespace zkpush::test
