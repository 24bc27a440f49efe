#include "service/connectors/connector.h"

#include "service/connectors/erpnext.h"
#include "service/connectors/odoo.h"
#include "service/event_feed.h"

namespace zkpush::service::connectors {

bool Connector::wants(const Event& event) const {
  if (event.kind != "attendance.created") return false;
  const std::string sn = event.data.value("sn", std::string());
  std::optional<int64_t> group;
  if (!common_.groups.empty() && terminals_)
    if (auto terminal = terminals_(sn)) group = terminal->group;
  return in_scope(common_, sn, group);
}

bool is_connector_target(const std::string& target) { return target == "erpnext" || target == "odoo"; }

Result<std::shared_ptr<Connector>> make_connector(const std::string& target, const nlohmann::json& config,
                                                  HttpExchange& http, TerminalLookup terminals) {
  if (!config.is_object()) return Error::invalid("config: an object is required");
  auto common = read_common_settings(config);
  if (!common) return common.error();
  if (target == "erpnext") {
    auto settings = read_erpnext_settings(config);
    if (!settings) return settings.error();
    return std::shared_ptr<Connector>(
        std::make_shared<ErpnextConnector>(std::move(*common), std::move(terminals), std::move(*settings), http));
  }
  if (target == "odoo") {
    auto settings = read_odoo_settings(config);
    if (!settings) return settings.error();
    return std::shared_ptr<Connector>(
        std::make_shared<OdooConnector>(std::move(*common), std::move(terminals), std::move(*settings), http));
  }
  return Error::invalid("target: \"erpnext\" or \"odoo\"");
}

Status check_connector_config(const std::string& target, const nlohmann::json& config) {
  if (!config.is_object()) return Error::invalid("config: an object is required");
  if (auto common = read_common_settings(config); !common) return common.error();
  if (target == "erpnext") {
    if (auto settings = read_erpnext_settings(config); !settings) return settings.error();
    return Status::success();
  }
  if (target == "odoo") {
    if (auto settings = read_odoo_settings(config); !settings) return settings.error();
    return Status::success();
  }
  return Error::invalid("target: \"erpnext\" or \"odoo\"");
}

nlohmann::json masked_config(const nlohmann::json& config) {
  nlohmann::json shown = config;
  for (const char* secret : {"api_key", "api_secret"})
    if (shown.contains(secret)) shown[secret] = "********";
  return shown;
}

}  // namespace zkpush::service::connectors
