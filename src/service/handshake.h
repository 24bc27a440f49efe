// The initialisation exchange (004 §5; 000/002 legacy forms; captures R01,
// D01): records who the terminal is and answers with its options block.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "protocol/query.h"
#include "protocol/records.h"
#include "service/config.h"
#include "service/device.h"
#include "service/device_reply.h"
#include "store/store.h"

namespace zkpush::service {

// The value a device gets for a handshake option: its own setting, else the
// server default, else "".
std::string effective_option(const Device& device, const ServiceConfig& config, std::string_view key);

// The options block for a device, in the order sent: the per-table stamps,
// the legacy Stamp/OpStamp/PhotoStamp (EMIT-01), then every option of
// ServiceConfig::handshake_defaults with TransFlag rendered for the device's
// generation (EMIT-02).
protocol::Fields handshake_options(const Device& device, const ServiceConfig& config);

// What a handshake says about the terminal, to record (empty: not sent).
store::UpdateDeviceIdentity handshake_identity(store::DeviceId device, const protocol::Query& query,
                                               const std::string& ip, const std::string& user_agent, store::TimeMs now);

class Handshake {
 public:
  Handshake(store::Store& store, const ServiceConfig& config) : store_(store), config_(config) {}

  // GET cdata?options=all of an attendance terminal: record() it, then
  // reply with the options block.
  void handle(const std::shared_ptr<Device>& device, const protocol::Query& query, const std::string& ip,
              const std::string& user_agent, ReplyFn reply);

  // Records what a handshake says (pushver, language, DeviceType,
  // pushcommkey, address, User-Agent) when it changed, then calls `then`,
  // on the store's callback thread or at once. Every dialect's handshake.
  void record(const std::shared_ptr<Device>& device, const protocol::Query& query, const std::string& ip,
              const std::string& user_agent, std::function<void()> then);

 private:
  store::Store& store_;
  const ServiceConfig& config_;
};

}  // namespace zkpush::service
