// The session of an access panel (see access_service.h; push3_catalog §1, CN24 §7).
#include <spdlog/spdlog.h>

#include "protocol/access/session.h"
#include "protocol/devicecmd.h"
#include "protocol/text.h"
#include "protocol/version.h"
#include "service/access/access_service.h"
#include "service/store_failure.h"
#include "util/crypto.h"

namespace zkpush::service::access {

namespace {

using protocol::Endpoint;

// The protocol version zkpush speaks: both sides use the lower of theirs
// (CN24 App.13). 3.0.1, the documents' own example, keeps panels from the
// key exchange of 3.1.1+ (/iclock/exchange, push3_catalog §1.3), which needs
// ZKTeco's library.
constexpr const char* kPushProtocolVersion = "3.0.1";

// Which of a device's registered capabilities the server echoes (CN24 §7.5:
// both sides then use the intersection).
constexpr const char* kEchoed[] = {"MultiBioDataSupport", "MultiBioPhotoSupport"};

}  // namespace

AccessService::AccessService(store::Store& store, DeviceService& devices)
    : store_(store), devices_(devices), sync_(store, devices.registry()) {}

void AccessService::start() {
  devices_.persons().on_change([this] { sync_.reconcile_all(); });
  sync_.start();
  sync_.reconcile_all();  // what changed while no node ran
}

bool AccessService::serves(const Device& device, const protocol::RoutedRequest& route,
                           const protocol::Query& query) const {
  // Only the access dialect registers. A handshake goes by what it announces
  // (it is recorded afterwards); anything else by what the device announced
  // or its registration (push3_catalog §6.2).
  if (route.endpoint == Endpoint::kRegistry || route.endpoint == Endpoint::kPush) return true;
  if (route.endpoint == Endpoint::kHandshake) {
    const std::string type(protocol::trim(query.value_or("DeviceType", "")));
    if (!type.empty()) return protocol::iequals(type, "acc");
    if (protocol::needs_registry(query.value_or("pushver", ""), "")) return true;
  }
  return device.speaks_access();
}

void AccessService::handle(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                           const protocol::Query& query, const Peer& peer, const std::string& body, ReplyFn reply) {
  switch (route.endpoint) {
    case Endpoint::kHandshake: return handshake(device, query, peer, std::move(reply));
    case Endpoint::kRegistry: return registry(device, body, std::move(reply));
    case Endpoint::kPush: return push(device, std::move(reply));
    default: break;
  }
  if (!authenticated(*device, peer, route, reply)) return;
  auto& commands = devices_.commands();
  switch (route.endpoint) {
    case Endpoint::kGetRequest: return commands.poll(device, std::move(reply));
    case Endpoint::kDeviceCmd:
      return commands.record_replies(device, protocol::parse_devicecmd(body), std::move(reply));
    case Endpoint::kPing: return reply(DeviceReply::ok("OK"));
    case Endpoint::kUpload: return upload(device, route, query, body, std::move(reply));
    case Endpoint::kAuthVerify: return verify(device, query, body, std::move(reply));
    default: break;
  }
  spdlog::warn("device {}: {} is no request of the access dialect; answered 404", device->sn(),
               protocol::endpoint_label(route.endpoint));
  reply(DeviceReply::not_found("ERROR: unknown request"));
}

void AccessService::handshake(const std::shared_ptr<Device>& device, const protocol::Query& query, const Peer& peer,
                              ReplyFn reply) {
  devices_.handshake().record(device, query, peer.ip, peer.user_agent, [this, device, reply = std::move(reply)]() {
    const auto session = device->access_session();
    // CN24 §7.1: a registered device gets registry=ok and its code; any other
    // "OK" and no code, and registers (D10).
    if (session.registry_code.empty() || session.session_id.empty()) return reply(DeviceReply::ok("OK"));
    protocol::Fields fields{{"registry", "ok"}, {"RegistryCode", session.registry_code}};
    for (auto& field : session_options(*device)) fields.push_back(std::move(field));
    reply(DeviceReply::ok(protocol::access::format_lines(fields)));
  });
}

void AccessService::registry(const std::shared_ptr<Device>& device, const std::string& body, ReplyFn reply) {
  // A device registers on every connection (CN24 §7.1) and derives its token
  // from what it is given: the same code and session every time, so tokens
  // do not churn (push3_catalog §1.8).
  Device::AccessSession session = device->access_session();
  if (session.registry_code.empty()) session.registry_code = random_hex(5);
  if (session.session_id.empty()) session.session_id = protocol::to_upper(random_hex(16));
  store::WriteBatch batch;
  batch.add(store::SetAccessSession{device->id(), session.registry_code, session.session_id});
  store_.submit(std::move(batch), [this, device, session, body, reply = std::move(reply)](
                                      Status status, store::WriteBatch&) mutable {
    if (!status) {
      log_store_failure(status.error(), fmt::format("device {}: cannot store its registration", device->sn()));
      return reply(DeviceReply::unavailable("ERROR: storage unavailable"));
    }
    if (device->access_session().session_id != session.session_id)
      spdlog::info("device {}: registered as an access panel (Security PUSH)", device->sn());
    device->set_access_session(session);
    sync_.reconcile(device->id());  // what it must hold, after a reset too
    // Its capabilities (LockCount, ReaderCount, ~DeviceName...) become properties.
    devices_.ingest().store_options(device, body, protocol::access::format_registry_reply(session.registry_code),
                                    std::move(reply));
  });
}

void AccessService::push(const std::shared_ptr<Device>& device, ReplyFn reply) {
  if (device->access_session().session_id.empty()) {
    spdlog::warn("device {}: asked for its configuration without registering; answered 401 so it registers",
                 device->sn());
    return reply(DeviceReply::unauthorized("Device Unauthorized"));
  }
  reply(DeviceReply::ok(protocol::access::format_lines(session_options(*device))));
}

protocol::Fields AccessService::session_options(const Device& device) const {
  const ServiceConfig& config = devices_.config();
  auto option = [&](std::string_view key) { return effective_option(device, config, key); };
  // TransTimes and TransTables are TAB-separated as ZKTeco's own server
  // writes them (push3_catalog §1.2, §9.7; Realtime=1 makes both moot).
  std::string times = option("TransTimes");
  for (char& c : times)
    if (c == ';') c = '\t';
  protocol::Fields fields{
      {"ServerVersion", kPushProtocolVersion},
      {"ServerName", "zkpush"},
      // PushProtVer per CN24 §7.1; the documents' example says PushVersion (push3_catalog §1.5): both.
      {"PushProtVer", kPushProtocolVersion},
      {"PushVersion", kPushProtocolVersion},
      {"ErrorDelay", option("ErrorDelay")},
      {"RequestDelay", option("Delay")},
      {"TransTimes", times},
      {"TransInterval", option("TransInterval")},
      {"TransTables", "User\tTransaction"},
      {"Realtime", option("Realtime")},
      {"SessionID", device.access_session().session_id},
      {"TimeoutSec", "10"},
      // Without these some firmware sends no photos or templates (push3_catalog §6.3).
      {"BioPhotoFun", "1"},
      {"BioDataFun", "1"},
  };
  for (const char* key : kEchoed)
    if (auto value = device.property(key); !value.empty()) fields.emplace_back(key, value);
  return fields;
}

bool AccessService::authenticated(Device& device, const Peer& peer, const protocol::RoutedRequest& route,
                                  const ReplyFn& reply) {
  auto token = protocol::access::cookie_token(peer.cookie);
  if (token && device.token_accepted(*token)) return true;
  const char* why = device.access_session().session_id.empty() ? "it has not registered"
                    : token                                    ? "its token is not its session's"
                                                               : "it sent no token";
  if (devices_.admission().worth_logging(device.sn() + " token", devices_.config().clock.now_ms()))
    spdlog::warn("device {} from {}: {} refused with 401, nothing stored: {}", device.sn(), peer.ip,
                 protocol::endpoint_label(route.endpoint), why);
  reply(DeviceReply::unauthorized("Device Unauthorized"));
  return false;
}

}  // namespace zkpush::service::access
