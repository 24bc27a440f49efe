#include "service/canteen/canteen_service.h"

#include <spdlog/spdlog.h>

#include "protocol/canteen/commands.h"
#include "protocol/canteen/master_tables.h"
#include "protocol/canteen/options.h"
#include "protocol/devicecmd.h"
#include "protocol/record_time.h"
#include "protocol/text.h"
#include "service/canteen/distribution.h"
#include "service/store_failure.h"
#include "util/clock.h"

namespace zkpush::service::canteen {

namespace cp = protocol::canteen;

CanteenService::CanteenService(store::Store& store, DeviceService& devices, CanteenConfig config)
    : store_(store),
      devices_(devices),
      config_(std::move(config)),
      ingest_(store, devices.commands()),
      card_requests_(store, devices.commands(),
                     [this](const std::vector<std::string>& commands) { return to_every_terminal(commands); }) {
  for (auto& [key, value] : config_.options)
    if (key == "TimeZone" && value.empty()) value = default_time_zone();
}

Status CanteenService::start() {
  auto rows = store_.load_canteen_terminals();
  if (!rows) return rows.error();
  terminals_.load(std::move(*rows));
  return Status::success();
}

void CanteenService::handle(const cp::Route& route, const protocol::Query& query, const Peer& peer,
                            const std::string& body, ReplyFn reply) {
  if (route.sn.empty()) {
    spdlog::warn("canteen request from {} without SN rejected", peer.ip);
    reply(DeviceReply::bad_request("ERROR: missing SN"));
    return;
  }
  auto& registry = devices_.registry();
  if (auto device = registry.find(route.sn)) {
    device->touch(now_ms(), peer.ip);
    dispatch(device, route, query, peer, body, std::move(reply));
    return;
  }
  // Admission as for attendance terminals (service/admission.h).
  const auto initial = devices_.admission().state_for_new_device();
  if (!initial) {
    if (devices_.admission().worth_logging(route.sn + " unknown", now_ms()))
      spdlog::warn("unknown canteen terminal {} from {} refused with 403: not on the allowlist", route.sn, peer.ip);
    reply(DeviceReply::forbidden("ERROR: device not allowed"));
    return;
  }
  registry.find_or_create(route.sn, *initial, std::nullopt, [this, route, query, peer, body_copy = std::make_shared<std::string>(body),
                                     reply = std::move(reply)](Result<std::shared_ptr<Device>> device) mutable {
    if (!device) {
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    (*device)->touch(now_ms(), peer.ip);
    dispatch(*device, route, query, peer, *body_copy, std::move(reply));
  });
}

void CanteenService::dispatch(const std::shared_ptr<Device>& device, const cp::Route& route,
                              const protocol::Query& query, const Peer& peer, const std::string& body,
                              ReplyFn reply) {
  // A blocked terminal is refused; a pending one gets its handshake (so it
  // stays connected) and the clock, and 503 for anything else, so it keeps
  // its records until an administrator approves it.
  const auto admission = device->admission();
  if (admission == store::AdmissionState::kBlocked) return reply(DeviceReply::forbidden("ERROR: device blocked"));
  if (admission == store::AdmissionState::kPending && route.endpoint != cp::Endpoint::kOptions &&
      route.endpoint != cp::Endpoint::kTime)
    return reply(DeviceReply::unavailable("ERROR: device awaiting approval"));
  switch (route.endpoint) {
    case cp::Endpoint::kOptions:
      return handshake(device, query, peer, std::move(reply));
    case cp::Endpoint::kTime:
      return reply(DeviceReply::ok(cp::format_time_reply(now_ms() / 1000, time_zone_minutes(*device))));
    case cp::Endpoint::kUpload:
      return ingest_.upload(device, terminal_of(device), route.table, query, body, option(*device, "TimeZone"),
                            std::move(reply));
    case cp::Endpoint::kPoll:
      return poll(device, terminal_of(device), query, std::move(reply));
    case cp::Endpoint::kCardRequest:
      terminal_of(device);
      return card_requests_.handle(device, query, std::move(reply));
    case cp::Endpoint::kCommandReply:
      return devices_.commands().record_replies(device, protocol::parse_devicecmd(body), std::move(reply));
    case cp::Endpoint::kExchange:
      spdlog::warn("device {}: asked for a key exchange; refused, this server does not encrypt (Encrypt=0)",
                   device->sn());
      return reply(DeviceReply::not_implemented(std::string(cp::kExchangeRefused)));
    case cp::Endpoint::kUnknown:
      break;
  }
  spdlog::warn("device {}: canteen request not understood", device->sn());
  reply(DeviceReply::not_found("ERROR: unknown request"));
}

std::string CanteenService::option(const Device& device, std::string_view key) const {
  std::string fallback;
  for (const auto& [k, v] : config_.options)
    if (k == key) fallback = v;
  return device.setting_or(key, fallback);
}

int CanteenService::time_zone_minutes(const Device& device) const {
  return protocol::time_zone_minutes(option(device, "TimeZone")).value_or(0);
}

bool CanteenService::hands_out_credits(const Device& device, const CanteenTerminal& terminal) const {
  return terminal.hands_out_credits() || protocol::trim(option(device, "MachineType")) == "2";
}

std::shared_ptr<CanteenTerminal> CanteenService::terminal_of(const std::shared_ptr<Device>& device) {
  if (auto terminal = terminals_.find(device->id())) return terminal;
  // A terminal that uploads or polls before any canteen handshake (the
  // server's data was reset while it ran): known, and provisioned, from now on.
  store::CanteenTerminalRow row;
  row.device_id = device->id();
  row.sn = device->sn();
  auto terminal = terminals_.add(std::move(row));
  store::WriteBatch batch;
  batch.add(store::UpsertCanteenTerminal{device->id(), std::nullopt, std::nullopt, now_ms(), false});
  store_.submit(std::move(batch), [this, device, terminal](Status status, store::WriteBatch& b) {
    if (!status) {
      spdlog::error("device {}: cannot record it as a canteen terminal: {}", device->sn(), status.error().message);
      return;
    }
    if (std::get<store::UpsertCanteenTerminal>(b.ops[0]).created) provision(device, terminal);
  });
  return terminal;
}

void CanteenService::provision(const std::shared_ptr<Device>& device,
                               const std::shared_ptr<CanteenTerminal>& terminal) {
  queue_provisioning(device, *terminal, [device](Result<int> queued) {
    if (!queued)
      spdlog::error("device {}: new canteen terminal not provisioned: {}", device->sn(), queued.error().message);
    else
      spdlog::info("device {}: new canteen terminal; {} command(s) of master data and cards queued", device->sn(),
                   *queued);
  });
}

void CanteenService::handshake(const std::shared_ptr<Device>& device, const protocol::Query& query, const Peer& peer,
                               ReplyFn reply) {
  store::UpdateDeviceIdentity identity;
  identity.device = device->id();
  identity.push_version = query.value_or("pushver", query.value_or("pushhver", ""));
  identity.language = query.value_or("language", "");
  identity.device_type = query.value_or("device_type", "");
  identity.user_agent = peer.user_agent;
  identity.ip = peer.ip;
  identity.handshake_at = now_ms();
  // fireVer, deviceName, IsConsumeFunType, build and the reported ip
  // become device properties.
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : query.items())
    if (!protocol::iequals(key, "SN") && !protocol::iequals(key, "options")) values[key] = value;
  auto properties = device->properties_to_store(std::move(values));
  const auto fun_type = protocol::parse_int(query.value_or("IsConsumeFunType", ""));
  auto terminal = terminals_.find(device->id());

  store::WriteBatch batch;
  batch.add(identity);
  if (!properties.empty()) batch.add(store::SetDeviceProperties{device->id(), properties});
  if (!terminal || (fun_type && *fun_type != terminal->fun_type()))
    batch.add(store::UpsertCanteenTerminal{device->id(), fun_type ? std::optional<int>(static_cast<int>(*fun_type))
                                                                  : std::nullopt,
                                           std::nullopt, identity.handshake_at, false});
  spdlog::info("device {}: canteen handshake fireVer={} deviceName={} IsConsumeFunType={} from {}", device->sn(),
               query.value_or("fireVer", "-"), query.value_or("deviceName", "-"),
               query.value_or("IsConsumeFunType", "-"), peer.ip);
  store_.submit(std::move(batch), [this, device, terminal, reply = std::move(reply)](Status status,
                                                                                      store::WriteBatch& b) mutable {
    if (!status) {
      spdlog::error("device {}: cannot record the canteen handshake: {}", device->sn(), status.error().message);
      return reply_options(*device, terminal.get(), std::move(reply));
    }
    bool created = false;
    for (auto& op : b.ops) {
      if (auto* i = std::get_if<store::UpdateDeviceIdentity>(&op)) device->apply_identity(*i);
      if (auto* p = std::get_if<store::SetDeviceProperties>(&op)) device->apply_properties(p->values);
      if (auto* t = std::get_if<store::UpsertCanteenTerminal>(&op)) {
        store::CanteenTerminalRow row;
        row.device_id = device->id();
        row.sn = device->sn();
        terminal = terminals_.add(std::move(row));
        if (t->fun_type) terminal->set_fun_type(*t->fun_type);
        created = t->created;
      }
    }
    reply_options(*device, terminal.get(), std::move(reply));
    if (created) provision(device, terminal);
  });
}

void CanteenService::reply_options(const Device& device, const CanteenTerminal* terminal, ReplyFn reply) {
  protocol::Fields settings;
  for (const auto& [key, fallback] : config_.options) settings.emplace_back(key, device.setting_or(key, fallback));
  const auto stamps = terminal ? terminal->stamps() : std::map<std::string, std::string>{};
  reply(DeviceReply::ok(cp::format_options(device.sn(), stamps, settings)));
}

void CanteenService::queue_provisioning(const std::shared_ptr<Device>& device, const CanteenTerminal& terminal,
                                        std::function<void(Result<int>)> done) {
  auto commands = provisioning_commands(store_, hands_out_credits(*device, terminal), terminal.dual_wallet(),
                                        time_zone_minutes(*device));
  if (!commands) return done(commands.error());
  std::vector<CommandQueue::Queued> queued;
  for (auto& c : *commands) queued.push_back({device, std::move(c)});
  const int n = static_cast<int>(queued.size());
  devices_.commands().enqueue_with({}, std::move(queued), [n, done = std::move(done)](Status s, store::WriteBatch&) {
    if (!s) return done(s.error());
    done(n);
  });
}

void CanteenService::poll(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal,
                          const protocol::Query& query, ReplyFn reply) {
  const auto family = cp::family_by_name(query.value_or("type", ""));
  const auto devno = protocol::parse_int(query.value_or("devno", ""));
  if (family && devno && *devno > terminal->highest(*family)) catch_up(*terminal);
  if (family && devno && *devno > terminal->highest(*family)) {
    // Records above the highest stored may still be on their way: wait two
    // upload cycles of this terminal before calling them missing.
    const bool realtime = protocol::trim(option(*device, "Realtime")) != "0";
    const int64_t delay_s = protocol::parse_int(option(*device, "Delay")).value_or(10);
    const int64_t interval_s = protocol::parse_int(option(*device, "TransInterval")).value_or(1) * 60;
    const int64_t patience_ms = 2000 * (realtime ? delay_s : std::max(delay_s, interval_s));
    if (auto missing = terminal->observe_poll(*family, *devno, now_ms(), patience_ms)) {
      store::WriteBatch batch;
      batch.add(store::RecordCanteenGap{device->id(), *family, missing->first, missing->last, now_ms(), {}});
      store_.submit(std::move(batch), [this, device](Status status, store::WriteBatch& b) {
        if (!status) {
          spdlog::error("device {}: cannot record a RecNo gap: {}", device->sn(), status.error().message);
          return;
        }
        ingest_.request_syncs(device, std::get<store::RecordCanteenGap>(b.ops[0]).needs_sync);
      });
    }
  }
  devices_.commands().poll(device, std::move(reply));
}

void CanteenService::catch_up(CanteenTerminal& terminal) {
  // Alone on the database, this node stored every record it could know of.
  if (!devices_.config().shared_store) return;
  auto rows = store_.load_canteen_terminals();
  if (!rows) return log_store_failure(rows.error(), "cannot read the canteen terminals");
  for (const auto& row : *rows) {
    if (row.device_id != terminal.id()) continue;
    for (const auto& [family, highest] : row.highest_rec_no) terminal.note_highest(family, highest);
  }
}

std::vector<CommandQueue::Queued> CanteenService::to_every_terminal(const std::vector<std::string>& commands) const {
  std::vector<CommandQueue::Queued> queued;
  for (const auto& terminal : terminals_.all()) {
    auto device = devices_.registry().find(terminal->id());
    if (!device) continue;
    for (const auto& c : commands) queued.push_back({device, c});
  }
  return queued;
}

// ---- admin operations --------------------------------------------------------

void CanteenService::create_card(store::CreateCanteenCard op, Done done) {
  if (op.card.sys_id.empty()) op.card.sys_id = op.card.card_no;
  const std::string command = card_command(op.card);
  store::WriteBatch batch;
  batch.add(std::move(op));
  devices_.commands().enqueue_with(std::move(batch), to_every_terminal({command}),
                                   [done = std::move(done)](Status status, store::WriteBatch&) { done(status); });
}

void CanteenService::update_card(store::UpdateCanteenCard op, Done done) {
  auto found = store_.canteen_card(op.card_no);
  if (!found) return done(found.error());
  if (!found->has_value() || (*found)->card.card_no != op.card_no) return done(Error::not_found("no card " + op.card_no));
  const std::string command = card_command(store::changed_card((*found)->card, op));
  store::WriteBatch batch;
  batch.add(std::move(op));
  devices_.commands().enqueue_with(std::move(batch), to_every_terminal({command}),
                                   [done = std::move(done)](Status status, store::WriteBatch&) { done(status); });
}

void CanteenService::delete_card(const std::string& card_no, Done done) {
  store::WriteBatch batch;
  batch.add(store::DeleteCanteenCard{card_no, false, false, {}});
  store_.submit(std::move(batch), [this, card_no, done = std::move(done)](Status status, store::WriteBatch& b) {
    if (!status) return done(status);
    const auto& op = std::get<store::DeleteCanteenCard>(b.ops[0]);
    if (op.refused)
      return done(Error::invalid("card " + card_no + " has ledger entries and cannot be deleted; block it instead"));
    if (!op.deleted) return done(Error::not_found("no card " + card_no));
    devices_.commands().enqueue_with({}, to_every_terminal({cp::format_card_delete(op.sys_id)}),
                                     [done](Status queued, store::WriteBatch&) { done(queued); });
  });
}

void CanteenService::issue_credits(store::IssueCanteenCredits op,
                                   std::function<void(Result<std::pair<int64_t, int>>)> done) {
  store::WriteBatch batch;
  batch.add(std::move(op));
  store_.submit(std::move(batch), [this, done = std::move(done)](Status status, store::WriteBatch& b) {
    if (!status) return done(status.error());
    const auto& issued = std::get<store::IssueCanteenCredits>(b.ops[0]);
    std::vector<CommandQueue::Queued> queued;
    int terminals = 0;
    for (const auto& terminal : terminals_.all()) {
      auto device = devices_.registry().find(terminal->id());
      if (!device || !hands_out_credits(*device, *terminal)) continue;
      ++terminals;
      for (const auto& card : issued.cards)
        queued.push_back({device, credit_command(card, issued.batch, issued.amount, issued.now,
                                                 time_zone_minutes(*device), terminal->dual_wallet())});
    }
    const int64_t batch_no = issued.batch;
    spdlog::info("credit batch {}: {} card(s), sent to {} terminal(s)", batch_no, issued.cards.size(), terminals);
    devices_.commands().enqueue_with({}, std::move(queued), [done, batch_no, terminals](Status s, store::WriteBatch&) {
      if (!s)
        return done(Error::storage("credit batch " + std::to_string(batch_no) +
                                   " is issued but not queued to the terminals (" + s.error().message +
                                   "); send it again with POST /api/v1/canteen/terminals/{sn}/resend"));
      done(std::pair<int64_t, int>{batch_no, terminals});
    });
  });
}

void CanteenService::put_master(const std::string& table, const protocol::Fields& fields,
                                std::function<void(Result<store::CanteenMasterRow>)> done) {
  const cp::MasterTable* layout = cp::master_table(table);
  if (!layout) return done(Error::not_found("no master table " + table));
  auto row = cp::master_row(*layout, fields);
  if (!row) return done(row.error());
  store::CanteenMasterRow stored{std::string(layout->name), cp::row_key(*layout, *row), *row, now_ms()};
  store::WriteBatch batch;
  batch.add(store::PutCanteenMaster{stored});
  devices_.commands().enqueue_with(
      std::move(batch), to_every_terminal({master_update_command(stored)}),
      [stored, done = std::move(done)](Status status, store::WriteBatch&) {
        if (!status) return done(status.error());
        done(stored);
      });
}

void CanteenService::delete_master(const std::string& table, const std::string& key, Done done) {
  const cp::MasterTable* layout = cp::master_table(table);
  if (!layout) return done(Error::not_found("no master table " + table));
  auto rows = store_.canteen_master(std::string(layout->name));
  if (!rows) return done(rows.error());
  for (const auto& row : *rows) {
    if (row.key != key) continue;
    store::WriteBatch batch;
    batch.add(store::DeleteCanteenMaster{row.table, row.key, false, {}});
    devices_.commands().enqueue_with(std::move(batch), to_every_terminal({cp::format_master_delete(*layout, row.fields)}),
                                     [done = std::move(done)](Status status, store::WriteBatch&) { done(status); });
    return;
  }
  done(Error::not_found("no " + std::string(layout->name) + " row " + key));
}

void CanteenService::resend_all(const std::string& sn, std::function<void(Result<int>)> done) {
  auto device = devices_.registry().find(sn);
  auto terminal = device ? terminals_.find(device->id()) : nullptr;
  if (!terminal) return done(Error::not_found("no canteen terminal with SN " + sn));
  queue_provisioning(device, *terminal, std::move(done));
}

}  // namespace zkpush::service::canteen
