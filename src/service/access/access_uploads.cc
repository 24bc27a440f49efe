// What access panels upload (see access_service.h; push3_catalog §2): real-time
// events and door states, and their tables (people, templates, photos,
// options) through the ingest every dialect shares.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "protocol/access/event_codes.h"
#include "protocol/access/realtime.h"
#include "protocol/access/tabledata.h"
#include "protocol/kv_line.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "service/access/access_service.h"
#include "service/access/background_verify.h"
#include "service/access/door_views.h"
#include "service/store_failure.h"

namespace zkpush::service::access {

namespace {

namespace pa = protocol::access;
using nlohmann::json;

bool is_realtime_table(std::string_view table) {
  return table == "RTLOG" || table == "RTSTATE" || table == "TRANSACTION";
}

bool same_state(const pa::DoorStateRecord& a, const pa::DoorStateRecord& b) {
  return a.sensor == b.sensor && a.relay == b.relay && a.alarm == b.alarm && a.door == b.door;
}

}  // namespace

void AccessService::upload(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                           const protocol::Query& query, const std::string& body, ReplyFn reply) {
  if (Status shape = protocol::check_upload_shape(body); !shape) {
    spdlog::warn("device {}: {} upload refused, nothing stored: {}", device->sn(), route.table, shape.error().message);
    return reply(shape.error().kind == Error::Kind::kTooLarge ? DeviceReply::too_large("ERROR: " + shape.error().message)
                                                              : DeviceReply::bad_request("ERROR: " + shape.error().message));
  }
  Ingest& ingest = devices_.ingest();
  const std::string type(protocol::trim(query.value_or("type", "")));
  const std::string table_name(protocol::trim(query.value_or("tablename", "")));
  // DATA COUNT's answer ("user=5"): kept; the command's result follows on devicecmd.
  if (protocol::iequals(type, "count")) return ingest.store_raw(device, "COUNT", query, body, "OK", std::move(reply));
  // GET OPTIONS answers and the device's own parameters (CN24 §7.6, §12.5.2).
  if (route.table == protocol::table::kOptions || protocol::iequals(type, "options"))
    return ingest.store_options(device, body, "OK", std::move(reply));
  // table=tabledata&tablename=, querydata?type=tabledata: "<table>=<rows>" (CN24 §10.5).
  const bool tabledata = !table_name.empty();
  if (protocol::iequals(table_name, "transaction") || (!tabledata && is_realtime_table(route.table))) {
    return realtime(device, tabledata ? table_name : protocol::to_lower(route.table), body,
                    tabledata ? table_name : std::string(), std::move(reply));
  }
  protocol::ParsedUpload parsed;
  if (tabledata) {
    pa::parse_tabledata(table_name, body, parsed);
  } else if (route.table == "ENROLLBIO") {
    pa::parse_enrolled_biodata(body, parsed);  // merged into the person like an enrolment at a terminal
  } else {
    protocol::parse_table(route.table, body, parsed);  // testdata, irstate...: kept as sent
  }
  std::string ok = tabledata ? pa::format_tabledata_reply(table_name, parsed.lines) : std::string("OK");
  // A person or template from a panel (an enrolment there) reaches the other
  // panels that hold the person.
  const bool persons = !parsed.users.empty() || !parsed.templates.empty();
  ingest.store_parsed(device, tabledata ? protocol::to_upper(table_name) : route.table, std::move(parsed), {},
                      std::move(ok), [this, persons, reply = std::move(reply)](DeviceReply r) {
                        if (persons && r.kind == DeviceReply::Kind::kOk) sync_.reconcile_all();
                        reply(std::move(r));
                      });
}

void AccessService::realtime(const std::shared_ptr<Device>& device, std::string table, const std::string& body,
                             std::string counted_table, ReplyFn reply) {
  pa::RealtimeUpload upload;
  pa::parse_realtime(body, upload);
  const int64_t now = devices_.config().clock.now_ms();
  store::WriteBatch batch;
  if (!upload.events.empty()) {
    store::InsertAccessEvents insert{device->id(), now, {}, {}, {}, 0};
    for (const auto& r : upload.events) {
      insert.event_kinds.push_back("access." + std::string(pa::event_class_name(pa::classify_event(r.event, r.pin))));
      insert.event_payloads.push_back(access_event_json(device->sn(), r).dump());
    }
    insert.records = std::move(upload.events);
    batch.add(std::move(insert));
  }
  // Each state that differs from the one before it (stored, or earlier in this body).
  std::vector<pa::DoorStateRecord> changed;
  std::optional<pa::DoorStateRecord> previous = stored_door_state(device->id());
  for (const auto& state : upload.states) {
    if (previous && same_state(*previous, state)) continue;
    json payload{{"sn", device->sn()}, {"time", state.time}, {"doors", door_states_json(state, door_count(*device))}};
    batch.add(store::SetDoorState{device->id(), now, state, payload.dump()});
    changed.push_back(state);
    previous = state;
  }
  protocol::ParsedUpload rest;
  rest.lines = upload.lines;
  rest.rejected = std::move(upload.rejected);
  // rtlog, rtstate: "OK"; a DATA QUERY transaction pack: "transaction=<rows>".
  std::string ok = counted_table.empty() ? std::string("OK") : pa::format_tabledata_reply(counted_table, upload.lines);
  auto remember = [this, device, changed = std::move(changed), reply = std::move(reply)](DeviceReply r) {
    if (r.kind == DeviceReply::Kind::kOk && !changed.empty()) {
      std::lock_guard lock(mu_);
      door_states_[device->id()] = changed.back();
    }
    reply(std::move(r));
  };
  devices_.ingest().store_parsed(device, protocol::to_upper(table), std::move(rest), std::move(batch), std::move(ok),
                                 std::move(remember));
}

std::optional<pa::DoorStateRecord> AccessService::stored_door_state(store::DeviceId device) {
  std::lock_guard lock(mu_);
  auto it = door_states_.find(device);
  if (it == door_states_.end()) return std::nullopt;
  return it->second;
}

void AccessService::verify(const std::shared_ptr<Device>& device, const protocol::Query& query,
                           const std::string& body, ReplyFn reply) {
  const auto fields = protocol::split_kv_fields(protocol::trim(body));
  const std::string pin(protocol::trim(protocol::find_kv(fields, "pin").value_or("")));
  int door = 1;
  (void)protocol::read_int_kv(fields, "eventaddr", door);
  auto person = pin.empty() || pin == "0" ? Result<std::optional<store::PersonRow>>(std::nullopt) : store_.person(pin);
  auto rights = store_.access_rights();
  if (!person || !rights) {
    log_store_failure((!person ? person.error() : rights.error()),
                      fmt::format("device {}: cannot verify {}", device->sn(), pin));
    return reply(DeviceReply::unavailable("ERROR: storage unavailable"));
  }
  const std::time_t now = devices_.config().clock.now_ms() / 1000;
  std::tm local{};
  localtime_r(&now, &local);
  const bool pass = person->has_value() && may_pass(*rights, (*person)->id, device->id(), door, local);
  spdlog::info("device {}: background verification of {} at door {}: {}", device->sn(), pin.empty() ? "-" : pin, door,
               pass ? "open" : "refused");
  // Kept as sent, with the event the panel reports next (222 / 44).
  devices_.ingest().store_raw(device, "AUTHVERIFY", query, body,
                              verification_reply(pass, body.substr(0, body.find_first_of("\r\n")), door),
                              std::move(reply));
}

void AccessService::on_changes(const std::vector<store::Change>& changes) {
  std::lock_guard lock(mu_);
  for (const auto& change : changes) {
    if (change.kind == store::Change::Kind::kResync) door_states_.clear();
    if (change.kind == store::Change::Kind::kDoorState && !change.here) door_states_.erase(change.device);
  }
}

}  // namespace zkpush::service::access
