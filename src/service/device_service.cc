#include "service/device_service.h"

#include <spdlog/spdlog.h>

#include <future>
#include <nlohmann/json.hpp>

#include "protocol/devicecmd.h"
#include "protocol/format.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "protocol/version.h"
#include "service/template_formats.h"
#include "service/terminal_files.h"
#include "service/store_failure.h"
#include "util/clock.h"

namespace zkpush::service {

namespace fs = std::filesystem;
using protocol::Endpoint;

DeviceService::DeviceService(store::Store& store, ServiceConfig config, fs::path data_dir)
    : store_(store),
      config_(std::move(config)),
      files_dir_(std::move(data_dir) / "files"),
      registry_(store, config_.clock),
      admission_(store, registry_, config_.admission),
      handshake_(store, config_),
      ingest_(store, config_, registry_),
      commands_(store, registry_, config_),
      sync_(store, registry_),
      leases_(store, config_),
      persons_(store, registry_, commands_, sync_) {
  for (auto& [key, value] : config_.handshake_defaults)
    if (key == "TimeZone" && value.empty()) value = default_time_zone();
  // New capabilities may let a terminal take templates it could not before.
  ingest_.on_properties([this](const Device& device) { sync_.reconcile_soon(device.id()); });
  // An enrolment at a terminal reaches the other terminals of its group.
  ingest_.on_enrolment([this](const Device& device, const std::vector<int64_t>&) {
    const auto group = device.group_id();
    if (!group) return;
    std::vector<store::DeviceId> members;
    for (const auto& other : registry_.all())
      if (other->id() != device.id() && other->group_id() == group) members.push_back(other->id());
    sync_.reconcile(members);
  });
}

Status DeviceService::start() {
  store_.watch_write_health([this](const Status& health, uint64_t refused_batches) {
    writes_ok_.store(health.ok());
    if (!health) {
      spdlog::error("storage: cannot write ({}); terminals are answered 503 and keep their data until writes "
                    "succeed again (is the disk full, or the database unreachable?)",
                    health.error().message);
    } else {
      spdlog::warn("storage: writes succeed again; {} batch(es) were refused meanwhile, and terminals resend them",
                   refused_batches);
    }
  });
  std::error_code ec;
  fs::create_directories(files_dir_, ec);
  if (auto s = registry_.load(); !s) return s;
  if (auto s = commands_.load(); !s) return s;
  auto server_settings = store_.server_settings();
  if (!server_settings) return server_settings.error();
  config_.server_settings->apply(*server_settings);
  const int64_t now = config_.clock.now_ms();
  for (const auto& device : registry_.all()) was_online_[device->id()] = online(*device, now);
  // The first claims, before serving: a lone node does its background work
  // from the first second.
  leases_.tick(now);
  store_.flush();
  sync_.start();
  return Status::success();
}

void DeviceService::on_changes(const std::vector<store::Change>& changes) {
  registry_.on_changes(changes);
  using Kind = store::Change::Kind;
  if (!store::any_of_kinds(changes, {Kind::kServerSettings, Kind::kResync})) return;
  auto settings = store_.server_settings();
  if (!settings) return log_store_failure(settings.error(), "cannot read the server settings again");
  config_.server_settings->replace(*settings);
}

void DeviceService::handle(const protocol::RoutedRequest& route, const protocol::Query& query, const Peer& peer,
                           const std::string& body, ReplyFn reply) {
  if (Status valid = protocol::check_serial_number(route.sn); !valid) {
    spdlog::warn("request from {} with SN '{}' rejected: {}", peer.ip, protocol::printable(route.sn),
                 valid.error().message);
    reply(DeviceReply::bad_request("ERROR: " + valid.error().message));
    return;
  }
  // The hot path: a known device is admitted in memory and served without
  // copies or callbacks.
  auto device = registry_.find_for_request(route.sn);
  const auto initial = device ? std::nullopt : admission_.state_for_new_device();
  // Not on file as far as this node knows: the allowlist refuses only what
  // the store does not have either.
  if (!device && !initial) device = registry_.find(route.sn);
  if (device) {
    device->touch(config_.clock.now_ms(), peer.ip);
    admit(device, route, query, peer, body, std::move(reply));
    return;
  }
  if (!initial) {
    if (admission_.worth_logging(route.sn + " unknown", config_.clock.now_ms()))
      spdlog::warn("unknown device {} from {} refused with 403: not on the allowlist (--admission allowlist); "
                   "nothing stored",
                   route.sn, peer.ip);
    reply(DeviceReply::forbidden("ERROR: device not allowed"));
    return;
  }
  // A new device is registered first; its request waits for that commit.
  // A handshake is recorded with the registration.
  std::optional<store::UpdateDeviceIdentity> identity;
  if (route.endpoint == Endpoint::kHandshake)
    identity = handshake_identity(0, query, peer.ip, peer.user_agent, config_.clock.now_ms());
  registry_.find_or_create(route.sn, *initial, std::move(identity),
                           [this, held = std::make_shared<HeldRequest>(HeldRequest{route, query, peer, body}),
                            reply = std::move(reply)](Result<std::shared_ptr<Device>> device) mutable {
                             if (!device) {
                               reply(DeviceReply::unavailable("ERROR: storage unavailable"));
                               return;
                             }
                             (*device)->touch(config_.clock.now_ms(), held->peer.ip);
                             admit(*device, held->route, held->query, held->peer, held->body, std::move(reply));
                           });
}

void DeviceService::admit(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                          const protocol::Query& query, const Peer& peer, const std::string& body, ReplyFn reply) {
  const Verdict verdict = admission_.check(*device, route, query);
  switch (verdict) {
    case Verdict::kServe:
      dispatch(device, route, query, peer, body, std::move(reply));
      return;
    case Verdict::kAwaitApproval:
      serve_pending(device, route, query, peer, body, std::move(reply));
      return;
    case Verdict::kApproveFirst:
      admission_.set_state(device, store::AdmissionState::kApproved,
                           [this, device, held = std::make_shared<HeldRequest>(HeldRequest{route, query, peer, body}),
                            reply = std::move(reply)](Status status) mutable {
                             if (!status) {
                               reply(DeviceReply::unavailable("ERROR: storage unavailable"));
                               return;
                             }
                             spdlog::info("device {}: approved by its admission policy (open)", device->sn());
                             dispatch(device, held->route, held->query, held->peer, held->body, std::move(reply));
                           });
      return;
    case Verdict::kBlocked:
    case Verdict::kNotAllowed:
    case Verdict::kWrongKey:
      refuse(*device, peer, verdict, std::move(reply));
      return;
  }
}

void DeviceService::serve_pending(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                                  const protocol::Query& query, const Peer& peer, const std::string& body,
                                  ReplyFn reply) {
  if (!pending_allows(route)) {
    if (admission_.worth_logging(device->sn() + " pending", config_.clock.now_ms()))
      spdlog::warn("device {} from {} awaits approval: its data is answered 503 and stays on the terminal until "
                   "POST /api/v1/devices/{}/approve",
                   device->sn(), peer.ip, device->sn());
    reply(DeviceReply::unavailable("ERROR: device awaiting approval"));
    return;
  }
  // Polls are answered from memory: no commands until approved, INFO not stored.
  if (route.endpoint == Endpoint::kGetRequest) {
    reply(DeviceReply::ok("OK"));
    return;
  }
  dispatch(device, route, query, peer, body, std::move(reply));
}

void DeviceService::refuse(const Device& device, const Peer& peer, Verdict verdict, ReplyFn reply) {
  const char* why = verdict == Verdict::kBlocked      ? "blocked by an administrator"
                    : verdict == Verdict::kWrongKey   ? "its pushcommkey is not the key the device is bound to"
                                                      : "awaits approval and its admission policy is allowlist";
  if (admission_.worth_logging(device.sn() + " " + why, config_.clock.now_ms()))
    spdlog::warn("device {} from {} refused with 403: {}", device.sn(), peer.ip, why);
  reply(DeviceReply::forbidden("ERROR: device not allowed"));
}

void DeviceService::dispatch(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                             const protocol::Query& query, const Peer& peer, const std::string& body,
                             ReplyFn reply) {
  if (access_ && access_->serves(*device, route, query))
    return access_->handle(device, route, query, peer, body, std::move(reply));
  // The first request served after this node registered the device: what
  // it cached is what it just wrote.
  const bool registered_now = device->take_registered_here();
  switch (route.endpoint) {
    case Endpoint::kHandshake:
      // The stamps in the reply are what the store holds: in a cluster the
      // terminal may have uploaded through another node since this one read
      // it. Not so for a device this request registered, nor on a lone node,
      // which saw every upload itself.
      if (config_.shared_store && !registered_now) registry_.refresh(device);
      // A terminal that boots gets what was assigned to it meanwhile;
      // usually nothing to do. Nothing can be assigned to one that did not
      // exist a moment ago (it is in no group yet).
      if (!registered_now) sync_.reconcile(device->id());
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
      auto changed = device->properties_to_store(std::move(values));
      if (changed.empty()) return commands_.poll(device, std::move(reply));
      store::WriteBatch batch;
      batch.add(store::SetDeviceProperties{device->id(), changed});
      store_.submit(std::move(batch), [this, device, changed, reply = std::move(reply)](Status status,
                                                                                       store::WriteBatch&) mutable {
        if (status) {
          const bool capable = changes_capabilities(*device, changed);
          device->apply_properties(changed);
          if (capable) sync_.reconcile_soon(device->id());  // new formats it can take (FPVersion...)
        } else {
          log_store_failure(status.error(), fmt::format("device {}: cannot store INFO", device->sn()));
        }
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
    case Endpoint::kPush:  // the access dialect's (service/access/)
    case Endpoint::kFile:
    case Endpoint::kPutFileFetch:
    case Endpoint::kCanteen:  // the canteen service's (http/device_router.cc)
    case Endpoint::kUnknown:
      break;
  }
  spdlog::warn("device {}: request not understood", device->sn());
  reply(DeviceReply::not_found("ERROR: unknown request"));
}

void DeviceService::remote_attendance(const std::shared_ptr<Device>& device, const protocol::Query& query,
                                      ReplyFn reply) {
  // 004 §14, answered from the persons store (the server is the source of
  // truth): the person and the fingerprints this terminal can use.
  const std::string pin(protocol::trim(query.value_or("PIN", "")));
  auto person = store_.person(pin);
  auto biometrics = person && person->has_value() ? store_.biometrics((*person)->id)
                                                  : Result<std::vector<store::BiometricRow>>(std::vector<store::BiometricRow>{});
  if (!person || !biometrics) {
    spdlog::error("device {}: remote attendance lookup failed: {}", device->sn(),
                  (!person ? person.error() : biometrics.error()).message);
    reply(DeviceReply::unavailable("ERROR: storage unavailable"));
    return;
  }
  if (!person->has_value()) {
    spdlog::info("device {}: remote attendance for unknown PIN {}", device->sn(), pin);
    reply(DeviceReply::ok("OK"));
    return;
  }
  registry_.fresh_properties(device);
  const auto capabilities = capabilities_of(device->snapshot().properties);
  std::string text = protocol::format_remote_attendance(user_record_of(**person),
                                                        fingerprints_for(**person, *biometrics, capabilities));
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
  if (auto person = store_.person(pin); person && person->has_value()) user = user_record_of(**person);
  ingest_.store_raw(device, "AUTHVERIFY", query, body,
                    from_utf8(protocol::format_auth_success(user), device->charset()), std::move(reply));
}

Result<DownloadFile> DeviceService::download_file(std::string_view reference) const {
  Result<std::string> relative = terminal_file_path(reference);
  if (!relative) return relative.error();
  Result<std::optional<store::TerminalFileRow>> stored = store_.terminal_file(*relative);
  if (!stored) return stored.error();
  if (*stored) return DownloadFile{*relative, std::move((*stored)->bytes), {}};
  // Not put through the API: a file under <data>/files, if it is one (a symbolic link may not lead out).
  std::error_code ec;
  fs::path base = fs::weakly_canonical(files_dir_, ec);
  fs::path full = fs::weakly_canonical(base / *relative, ec);
  if (ec) return Error::not_found("no such file");
  auto [base_end, unused] = std::mismatch(base.begin(), base.end(), full.begin(), full.end());
  if (base_end != base.end()) return Error::invalid("file name leaves the files folder");
  if (!fs::is_regular_file(full, ec)) return Error::not_found("no such file: " + *relative);
  return DownloadFile{*relative, std::nullopt, full};
}

DeviceService::StoreHealth DeviceService::store_health() const {
  return StoreHealth{writes_ok_.load(), store_.changes_complete()};
}

bool DeviceService::online(const Device& device, int64_t now) const {
  auto delay = protocol::parse_int(effective_option(device, config_, "Delay")).value_or(10);
  return now - device.last_seen() <= 3 * delay * 1000;
}

void DeviceService::tick(int64_t now) {
  leases_.tick(now);
  commands_.expire_overdue(now);
  judge_presence(now);
  const int64_t interval =
      std::chrono::duration_cast<std::chrono::milliseconds>(config_.last_seen_flush_interval).count();
  registry_.flush_last_seen(now, interval, [](Status status) {
    if (!status) log_store_failure(status.error(), "cannot write last-seen times");
  });
}

void DeviceService::judge_presence(int64_t now) {
  const bool judge = leases_.holds(LeaseName::kPresence);
  // The judge of a cluster goes by when any node last saw each device, as
  // the nodes write it (every last_seen_flush_interval).
  constexpr int64_t kReadEvery = 5'000;
  if (judge && config_.shared_store && now - seen_read_at_ >= kReadEvery) {
    auto seen = store_.seen_since(seen_read_at_ == 0 ? 0 : seen_read_at_ - kReadEvery);
    if (seen) {
      seen_read_at_ = now;
      for (const store::LastSeen& s : *seen)
        if (auto device = registry_.cached(s.device)) device->seen_elsewhere(s.at);
    } else {
      log_store_failure(seen.error(), "cannot read when devices were last seen");
    }
  }
  store::WriteBatch transitions;
  for (const auto& device : registry_.all()) {
    const bool is_online = online(*device, now);
    auto [it, added] = was_online_.emplace(device->id(), !is_online);  // a new device: announce its state
    if (it->second == is_online) continue;
    it->second = is_online;
    // Only the judge announces; the others keep their view current, so a
    // node that takes the lease over does not announce what is old news.
    if (!judge) continue;
    nlohmann::json payload{{"sn", device->sn()}, {"last_seen", iso_utc(device->last_seen())}};
    transitions.add(store::AppendEvent{is_online ? "device.online" : "device.offline", now, payload.dump()});
  }
  if (!transitions.ops.empty())
    store_.submit(std::move(transitions), [](Status status, store::WriteBatch&) {
      if (!status) log_store_failure(status.error(), "cannot record device online/offline events");
    });
}

void DeviceService::drain() {
  sync_.stop();
  leases_.release_all();
  std::promise<void> flushed;
  registry_.flush_last_seen(config_.clock.now_ms(), 0, [&flushed](Status) { flushed.set_value(); });
  flushed.get_future().wait();
  store_.flush();
}

}  // namespace zkpush::service
