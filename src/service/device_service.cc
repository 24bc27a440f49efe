#include "service/device_service.h"

#include <spdlog/spdlog.h>

#include <future>
#include <random>

#include "protocol/devicecmd.h"
#include "protocol/format.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "protocol/version.h"
#include "util/clock.h"

namespace zkpush::service {

namespace fs = std::filesystem;
using protocol::Endpoint;

DeviceService::DeviceService(store::Store& store, ServiceConfig config, fs::path data_dir)
    : store_(store),
      config_(std::move(config)),
      files_dir_(std::move(data_dir) / "files"),
      registry_(store),
      handshake_(store, config_),
      ingest_(store, config_),
      commands_(store, registry_, config_) {
  for (auto& [key, value] : config_.handshake_defaults)
    if (key == "TimeZone" && value.empty()) value = default_time_zone();
}

Status DeviceService::start() {
  std::error_code ec;
  fs::create_directories(files_dir_, ec);
  if (auto s = registry_.load(); !s) return s;
  return commands_.load();
}

void DeviceService::handle(const protocol::RoutedRequest& route, const protocol::Query& query, const Peer& peer,
                           const std::string& body, ReplyFn reply) {
  if (Status valid = protocol::check_serial_number(route.sn); !valid) {
    spdlog::warn("request from {} with SN '{}' rejected: {}", peer.ip, protocol::printable(route.sn),
                 valid.error().message);
    reply(DeviceReply::bad_request("ERROR: " + valid.error().message));
    return;
  }
  // The hot path: a known device is served without copies or callbacks.
  if (auto device = registry_.find(route.sn)) {
    device->touch(now_ms(), peer.ip);
    dispatch(device, route, query, peer, body, std::move(reply));
    return;
  }
  // A new device is registered first; its request waits for that commit and
  // so keeps its own copy of everything it needs.
  registry_.find_or_create(
      route.sn,
      [this, route, query, peer, body_copy = std::make_shared<std::string>(body),
       reply = std::move(reply)](Result<std::shared_ptr<Device>> device) mutable {
        if (!device) {
          reply(DeviceReply::unavailable("ERROR: storage unavailable"));
          return;
        }
        (*device)->touch(now_ms(), peer.ip);
        dispatch(*device, route, query, peer, *body_copy, std::move(reply));
      });
}

void DeviceService::dispatch(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                             const protocol::Query& query, const Peer& peer, const std::string& body,
                             ReplyFn reply) {
  switch (route.endpoint) {
    case Endpoint::kHandshake:
      handshake_.handle(device, query, peer.ip, peer.user_agent, std::move(reply));
      return;
    case Endpoint::kUpload:
      if (route.table == protocol::table::kOptions)
        ingest_.store_options(device, body, "OK", std::move(reply));
      else
        ingest_.upload(device, route, query, body, std::move(reply));
      return;
    case Endpoint::kGetRequest: {
      // INFO= rides on polls (004 §9). Stored only when it changed, so a
      // steady poll stays off the disk.
      auto info = query.get("INFO");
      if (!info) return commands_.poll(device, std::move(reply));
      std::map<std::string, std::string> values;
      for (auto& [key, value] : protocol::parse_getrequest_info(*info)) values[key] = std::move(value);
      auto changed = device->changed_properties(values);
      if (changed.empty()) return commands_.poll(device, std::move(reply));
      store::WriteBatch batch;
      batch.add(store::SetDeviceProperties{device->id(), changed});
      store_.submit(std::move(batch), [this, device, changed, reply = std::move(reply)](Status status,
                                                                                       store::WriteBatch&) mutable {
        if (status) device->apply_properties(changed);
        else spdlog::error("device {}: cannot store INFO: {}", device->sn(), status.error().message);
        commands_.poll(device, std::move(reply));
      });
      return;
    }
    case Endpoint::kPing:
      reply(DeviceReply::ok("OK"));
      return;
    case Endpoint::kDeviceCmd:
      commands_.record_replies(device, protocol::parse_devicecmd(body), std::move(reply));
      return;
    case Endpoint::kRemoteAttendance:
      remote_attendance(device, query, std::move(reply));
      return;
    case Endpoint::kPostVerify:
      // 004 §12.8.3: allowed by default (a later issue makes this a hook).
      ingest_.store_raw(device, "POSTVERIFY", query, body, "OK", std::move(reply));
      return;
    case Endpoint::kAuthVerify:
      auth_verify(device, query, body, std::move(reply));
      return;
    case Endpoint::kRegistry:
      registry_exchange(device, body, std::move(reply));
      return;
    case Endpoint::kFile:
    case Endpoint::kPutFileFetch:
    case Endpoint::kUnknown:
      break;
  }
  spdlog::warn("device {}: request not understood", device->sn());
  reply(DeviceReply::not_found("ERROR: unknown request"));
}

void DeviceService::remote_attendance(const std::shared_ptr<Device>& device, const protocol::Query& query,
                                      ReplyFn reply) {
  const std::string pin(protocol::trim(query.value_or("PIN", "")));
  auto person = store_.find_person(pin);
  if (!person) {
    spdlog::error("device {}: remote attendance lookup failed: {}", device->sn(), person.error().message);
    reply(DeviceReply::unavailable("ERROR: storage unavailable"));
    return;
  }
  if (!person->has_value()) {
    spdlog::info("device {}: remote attendance for unknown PIN {}", device->sn(), pin);
    reply(DeviceReply::ok("OK"));
    return;
  }
  std::vector<protocol::TemplateRecord> fingerprints;
  for (auto& t : (*person)->templates)
    if (t.kind == protocol::TemplateKind::kFingerprint) fingerprints.push_back(t);
  std::string text = protocol::format_remote_attendance((*person)->user, fingerprints);
  reply(DeviceReply::ok(from_utf8(text, device->charset())));
}

void DeviceService::auth_verify(const std::shared_ptr<Device>& device, const protocol::Query& query,
                                const std::string& body, ReplyFn reply) {
  // 002 background verification: allow by default (EMIT-11), answering with
  // what we know of the person.
  protocol::UserRecord user;
  std::string pin = query.value_or("PIN", "");
  for (auto& field : protocol::split(body, '\t')) {
    auto t = protocol::trim(field);
    if (protocol::istarts_with(t, "PIN=")) pin = std::string(t.substr(4));
  }
  user.pin = pin;
  if (auto person = store_.find_person(pin); person && person->has_value()) user = (*person)->user;
  ingest_.store_raw(device, "AUTHVERIFY", query, body,
                    from_utf8(protocol::format_auth_success(user), device->charset()), std::move(reply));
}

void DeviceService::registry_exchange(const std::shared_ptr<Device>& device, const std::string& body,
                                      ReplyFn reply) {
  // PUSH 3.x (B4, R20): without a RegistryCode the terminal re-registers
  // every ~15 s and never sends data.
  std::string code = device->property("RegistryCode");
  if (code.empty()) {
    std::random_device rd;
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) code.push_back(kHex[rd() % 16]);
  }
  std::string options = body;
  if (!options.empty() && options.back() != ',') options.push_back(',');
  options += "RegistryCode=" + code;
  store::WriteBatch batch;
  batch.add(store::SetDeviceRegistered{device->id(), true});
  store_.submit(std::move(batch), [this, device, options = std::move(options), code,
                                   reply = std::move(reply)](Status status, store::WriteBatch&) mutable {
    if (!status) {
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    device->set_registered(true);
    spdlog::info("device {}: registered via /iclock/registry", device->sn());
    ingest_.store_options(device, options, "RegistryCode=" + code, std::move(reply));
  });
}

Result<fs::path> DeviceService::resolve_file(std::string_view reference) const {
  std::string ref(protocol::trim(reference));
  // A URL: keep only its path.
  if (auto scheme = ref.find("://"); scheme != std::string::npos) {
    auto slash = ref.find('/', scheme + 3);
    ref = slash == std::string::npos ? std::string() : ref.substr(slash);
  }
  if (auto q = ref.find('?'); q != std::string::npos) ref.resize(q);
  // "/iclock/file/fw/x.tgz", "file/fw/x.tgz" and "fw/x.tgz" all name
  // <data>/files/fw/x.tgz (004 §12.5.2 example 1).
  for (std::string_view prefix : {"/iclock/file/", "iclock/file/", "/file/", "file/"}) {
    if (protocol::istarts_with(ref, prefix)) {
      ref.erase(0, prefix.size());
      break;
    }
  }
  while (!ref.empty() && ref.front() == '/') ref.erase(0, 1);
  if (ref.empty()) return Error::invalid("no file name");
  fs::path relative(ref);
  for (const auto& part : relative)
    if (part == "..") return Error::invalid("file name leaves the files folder");
  std::error_code ec;
  fs::path base = fs::weakly_canonical(files_dir_, ec);
  fs::path full = fs::weakly_canonical(base / relative, ec);
  if (ec) return Error::not_found("no such file");
  auto [base_end, unused] = std::mismatch(base.begin(), base.end(), full.begin(), full.end());
  if (base_end != base.end()) return Error::invalid("file name leaves the files folder");
  if (!fs::is_regular_file(full, ec)) return Error::not_found("no such file: " + ref);
  return full;
}

bool DeviceService::online(const Device& device, int64_t now) const {
  auto delay = protocol::parse_int(effective_option(device, config_, "Delay")).value_or(10);
  return now - device.snapshot().last_seen <= 3 * delay * 1000;
}

void DeviceService::tick(int64_t now) {
  commands_.expire_overdue(now);
  const int64_t interval =
      std::chrono::duration_cast<std::chrono::milliseconds>(config_.last_seen_flush_interval).count();
  if (now - last_flush_ >= interval) {
    last_flush_ = now;
    registry_.flush_last_seen([](Status status) {
      if (!status) spdlog::error("cannot write last-seen times: {}", status.error().message);
    });
  }
}

void DeviceService::drain() {
  std::promise<void> flushed;
  registry_.flush_last_seen([&flushed](Status) { flushed.set_value(); });
  flushed.get_future().wait();
  store_.flush();
}

}  // namespace zkpush::service
