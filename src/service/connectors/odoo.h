// Odoo (16-18) over its external JSON-RPC API (odoo_rpc.h), signed in with
// the login and an API key in the password's place: each punch becomes a
// check-in or a check-out of an hr.attendance, paired per employee as Odoo
// requires (one open attendance at most):
//   in       create {employee_id, check_in}
//   out      write check_out on the open attendance; none open: refused
//   unknown  the open one is closed, else a new one opened
// Odoo's Datetimes are naive UTC "YYYY-MM-DD HH:MM:SS": the punch's instant
// from the terminal's TimeZone, else from the config's time_zone.
#pragma once

#include <optional>
#include <string>

#include "service/connectors/connector.h"
#include "service/connectors/odoo_rpc.h"

namespace zkpush::service::connectors {

struct OdooSettings {
  std::string url;  // without a trailing '/'
  std::string database, login, api_key;
  std::string employee_field = "barcode";  // "barcode" (Badge ID), "pin" or "identification_id"
  std::string time_zone;  // the terminal's TimeZone form ("3", "-5", "330"); "" for none
};

Result<OdooSettings> read_odoo_settings(const nlohmann::json& config);

class OdooConnector final : public Connector {
 public:
  OdooConnector(CommonSettings common, TerminalLookup terminals, OdooSettings settings, HttpExchange& http)
      : Connector(std::move(common), std::move(terminals)), settings_(std::move(settings)), http_(http) {}
  boost::asio::awaitable<Outcome> deliver(const Event& punch) override;
  // common.login: the uid, or Odoo's refusal.
  boost::asio::awaitable<TestAnswer> test() override;

 private:
  boost::asio::awaitable<RpcAnswer> login();
  // object.execute_kw as the cached uid, signing in first when there is
  // none, and once more when Odoo answers AccessDenied (a changed key).
  boost::asio::awaitable<RpcAnswer> execute(const std::string& model, const std::string& method, nlohmann::json args,
                                            nlohmann::json kwargs);
  // The punch's instant as Odoo takes it; nullopt when its zone is unknown.
  std::optional<std::string> utc_time(const Event& punch) const;

  const OdooSettings settings_;
  HttpExchange& http_;
  std::optional<int64_t> uid_;  // on the hub's loop, one worker per connector
};

}  // namespace zkpush::service::connectors
