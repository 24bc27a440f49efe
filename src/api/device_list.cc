#include "api/device_list.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "api/json_views.h"
#include "protocol/text.h"
#include "store/admission.h"
#include "util/clock.h"

namespace zkpush::api {

namespace {

// What the list may be sorted by.
enum class SortKey { kSn, kName, kLastSeen, kLastData, kModel, kFirmware, kUsers, kPending };

std::optional<SortKey> sort_key(std::string_view name) {
  static constexpr std::pair<std::string_view, SortKey> kKeys[] = {
      {"sn", SortKey::kSn},       {"name", SortKey::kName},         {"last_seen", SortKey::kLastSeen},
      {"last_data", SortKey::kLastData},
      {"model", SortKey::kModel}, {"firmware", SortKey::kFirmware}, {"users", SortKey::kUsers},
      {"pending_commands", SortKey::kPending}};
  for (const auto& [key, value] : kKeys)
    if (key == name) return value;
  return std::nullopt;
}

std::string property(const store::DeviceRow& row, const char* key) {
  auto it = row.properties.find(key);
  return it == row.properties.end() ? std::string() : it->second;
}

int64_t count_property(const store::DeviceRow& row, const char* key) {
  return protocol::parse_int(property(row, key)).value_or(0);
}

struct Listed {
  store::DeviceRow row;
  bool online = false;
  int64_t pending = 0;
  store::DeviceActivity activity;
};

bool contains_folded(std::string_view text, std::string_view needle) {
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

// Compares by `key`, then by serial number so that pages never overlap.
bool before(const Listed& a, const Listed& b, SortKey key) {
  auto tie = [&](auto x, auto y) { return x != y ? x < y : a.row.sn < b.row.sn; };
  switch (key) {
    case SortKey::kSn: return a.row.sn < b.row.sn;
    case SortKey::kName: return tie(a.row.name, b.row.name);
    case SortKey::kLastSeen: return tie(a.row.last_seen, b.row.last_seen);
    case SortKey::kLastData: return tie(a.activity.last_data_at.value_or(0), b.activity.last_data_at.value_or(0));
    case SortKey::kModel: return tie(property(a.row, "~DeviceName"), property(b.row, "~DeviceName"));
    case SortKey::kFirmware: return tie(property(a.row, "FWVersion"), property(b.row, "FWVersion"));
    case SortKey::kUsers: return tie(count_property(a.row, "UserCount"), count_property(b.row, "UserCount"));
    case SortKey::kPending: return tie(a.pending, b.pending);
  }
  return false;
}

json view(const Listed& d) {
  json out = device_json(d.row, d.online);
  out["name"] = d.row.name;
  out["group_id"] = d.row.group_id ? json(*d.row.group_id) : json(nullptr);
  out["punch_direction"] = d.row.punch_direction.empty() ? "status" : d.row.punch_direction;
  out["pending_commands"] = d.pending;
  out["model"] = property(d.row, "~DeviceName");
  out["last_data"] = d.activity.last_data_at ? json(iso_time(*d.activity.last_data_at)) : json(nullptr);
  out["clock_skew_s"] = d.activity.clock_skew_s ? json(*d.activity.clock_skew_s) : json(nullptr);
  return out;
}

// Every device's last punches and clock skew, by device.
Result<std::unordered_map<store::DeviceId, store::DeviceActivity>> activity_by_device(ApiContext& c) {
  auto rows = c.store.device_activity();
  if (!rows) return rows.error();
  std::unordered_map<store::DeviceId, store::DeviceActivity> out;
  for (const auto& a : *rows) out.emplace(a.device, a);
  return out;
}

}  // namespace

json device_view(ApiContext& c, const service::Device& device, int64_t now,
                 const std::map<store::DeviceId, int64_t>& queued) {
  auto it = queued.find(device.id());
  Listed d{device.snapshot(), c.devices.online(device, now), it == queued.end() ? 0 : it->second, {}};
  if (auto activity = activity_by_device(c); activity && activity->count(device.id()))
    d.activity = activity->at(device.id());
  return view(d);
}

void list_devices(ApiContext& c, ApiCall& call) {
  const int64_t now = now_ms();
  auto group = call.query.get("group");
  auto online = call.query.get("online");
  std::optional<store::AdmissionState> status;
  if (auto text = call.query.get("status")) {
    status = store::admission_state_from_name(*text);
    if (!status) return call.respond(error_response(400, "status: pending, approved or blocked"));
  }
  const std::string search(protocol::trim(call.query.value_or("q", "")));
  const std::string model = call.query.value_or("model", "");
  const std::string firmware = call.query.value_or("firmware", "");
  const auto key = sort_key(call.query.value_or("sort", "sn"));
  if (!key)
    return call.respond(
        error_response(400, "sort: sn, name, last_seen, last_data, model, firmware, users or pending_commands"));
  const bool descending = call.query.value_or("order", "asc") == "desc";
  const bool paged = call.query.get("limit").has_value();
  auto limit = protocol::parse_int(call.query.value_or("limit", "0"));
  auto offset = protocol::parse_int(call.query.value_or("offset", "0"));
  if (!limit || !offset || *limit < 0 || *offset < 0 || *limit > kMaxPageLimit)
    return call.respond(error_response(400, "limit, offset: numbers (limit at most 1000)"));

  auto queued = c.store.queued_counts();
  if (!queued) return call.respond(error_response(queued.error()));
  auto activity = activity_by_device(c);
  if (!activity) return call.respond(error_response(activity.error()));
  std::vector<Listed> listed;
  std::set<std::string> models, firmwares;  // of every terminal, for the console's filters
  for (const auto& device : c.devices.registry().all()) {
    if (status && device->admission() != *status) continue;
    if (group && std::to_string(device->group_id().value_or(0)) != *group) continue;
    const bool is_online = c.devices.online(*device, now);
    if (online && (is_online != (*online == "true" || *online == "1"))) continue;
    Listed d{device->snapshot(), is_online, 0, {}};
    if (paged) {
      if (auto m = property(d.row, "~DeviceName"); !m.empty()) models.insert(m);
      if (auto f = property(d.row, "FWVersion"); !f.empty()) firmwares.insert(f);
    }
    if (!search.empty() && !contains_folded(d.row.sn, search) && !contains_folded(d.row.name, search) &&
        !contains_folded(d.row.ip, search))
      continue;
    if (!model.empty() && property(d.row, "~DeviceName") != model) continue;
    if (!firmware.empty() && property(d.row, "FWVersion") != firmware) continue;
    auto it = queued->find(device->id());
    d.pending = it == queued->end() ? 0 : it->second;
    if (auto a = activity->find(device->id()); a != activity->end()) d.activity = a->second;
    listed.push_back(std::move(d));
  }
  std::sort(listed.begin(), listed.end(),
            [&](const Listed& a, const Listed& b) { return descending ? before(b, a, *key) : before(a, b, *key); });
  const std::size_t first = paged ? std::min<std::size_t>(*offset, listed.size()) : 0;
  const std::size_t last = paged ? std::min<std::size_t>(first + *limit, listed.size()) : listed.size();
  json items = json::array();
  for (std::size_t i = first; i < last; ++i) items.push_back(view(listed[i]));
  json out{{"items", std::move(items)}};
  if (paged) {
    out["total"] = listed.size();
    out["models"] = models;
    out["firmwares"] = firmwares;
  }
  call.respond(json_response(out));
}

}  // namespace zkpush::api
