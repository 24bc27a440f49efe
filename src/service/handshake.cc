#include "service/handshake.h"

#include <spdlog/spdlog.h>

#include <map>

#include "protocol/format.h"
#include "protocol/route.h"
#include "protocol/text.h"
#include "protocol/version.h"
#include "service/store_failure.h"
#include "util/clock.h"

namespace zkpush::service {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == ',' || c == ';') {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// Legacy firmware knows the 10-digit TransFlag of 000/002 (AMB-22): WORKCODE
// and BioPhoto, digits 11 and 12, came with 004.
std::vector<std::string> trans_flag_names(std::string_view value, bool legacy) {
  auto names = words(value);
  if (legacy) std::erase_if(names, [](const std::string& n) { return n == "WORKCODE" || n == "BioPhoto"; });
  return names;
}

}  // namespace

std::string effective_option(const Device& device, const ServiceConfig& config, std::string_view key) {
  std::string fallback;
  for (const auto& [k, v] : config.handshake_defaults)
    if (k == key) fallback = v;
  if (auto server = config.server_settings->get(key)) fallback = std::move(*server);
  return device.setting_or(key, fallback);
}

protocol::Fields handshake_options(const Device& device, const ServiceConfig& config) {
  protocol::Fields options;
  for (std::string_view table : protocol::table::kStampTables)
    options.emplace_back(std::string(table) + "Stamp", device.stamp(table));
  options.emplace_back("Stamp", device.stamp("ATTLOG"));
  options.emplace_back("OpStamp", device.stamp("OPERLOG"));
  options.emplace_back("PhotoStamp", device.stamp("ATTPHOTO"));

  const bool legacy = protocol::is_legacy(device.push_version());
  // The built-in options in their order, then any the server adds.
  std::map<std::string, std::string> server = config.server_settings->all();
  auto add = [&](const std::string& key, const std::string& fallback) {
    std::string value = device.setting_or(key, fallback);
    if (key == "TransFlag") value = protocol::format_trans_flag(trans_flag_names(value, legacy), legacy);
    options.emplace_back(key, std::move(value));
  };
  for (const auto& [key, fallback] : config.handshake_defaults) {
    auto it = server.find(key);
    add(key, it == server.end() ? fallback : it->second);
    if (it != server.end()) server.erase(it);
  }
  for (const auto& [key, value] : server) add(key, value);
  return options;
}

store::UpdateDeviceIdentity handshake_identity(store::DeviceId device, const protocol::Query& query,
                                               const std::string& ip, const std::string& user_agent,
                                               store::TimeMs now) {
  store::UpdateDeviceIdentity identity;
  identity.device = device;
  identity.push_version = query.value_or("pushver", "");
  identity.language = query.value_or("language", "");
  identity.device_type = query.value_or("DeviceType", "");
  identity.push_comm_key = query.value_or("pushcommkey", "");
  identity.user_agent = user_agent;
  identity.ip = ip;
  identity.handshake_at = now;
  return identity;
}

void Handshake::handle(const std::shared_ptr<Device>& device, const protocol::Query& query, const std::string& ip,
                       const std::string& user_agent, ReplyFn reply) {
  record(device, query, ip, user_agent, [this, device, reply = std::move(reply)]() {
    reply(DeviceReply::ok(protocol::format_handshake(device->sn(), handshake_options(*device, config_))));
  });
}

void Handshake::record(const std::shared_ptr<Device>& device, const protocol::Query& query, const std::string& ip,
                       const std::string& user_agent, std::function<void()> then) {
  store::UpdateDeviceIdentity identity =
      handshake_identity(device->id(), query, ip, user_agent, config_.clock.now_ms());

  // Empty means "not sent": it never erases what a terminal told us before.
  // Nothing to write for a terminal whose registration recorded this
  // handshake (DeviceService::handle).
  const auto before = device->snapshot();
  auto differs = [](const std::string& sent, const std::string& stored) { return !sent.empty() && sent != stored; };
  const bool changed = differs(identity.push_version, before.push_version) ||
                       differs(identity.language, before.language) ||
                       differs(identity.device_type, before.device_type) ||
                       differs(identity.push_comm_key, before.push_comm_key) ||
                       differs(identity.user_agent, before.user_agent) || differs(identity.ip, before.ip) ||
                       before.last_handshake == 0;
  if (!changed) {
    then();
    return;
  }
  spdlog::info("device {}: handshake pushver={} language={} DeviceType={} from {}", device->sn(),
               identity.push_version.empty() ? "-" : identity.push_version,
               identity.language.empty() ? "-" : identity.language,
               identity.device_type.empty() ? "-" : identity.device_type, ip);
  store::WriteBatch batch;
  batch.add(identity);
  store_.submit(std::move(batch), [device, identity, then = std::move(then)](Status status,
                                                                            store::WriteBatch&) mutable {
    if (!status) {
      log_store_failure(status.error(), fmt::format("device {}: cannot record handshake", device->sn()));
    } else {
      device->apply_identity(identity);
    }
    then();
  });
}

}  // namespace zkpush::service
