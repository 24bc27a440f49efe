// The console's overview in one request: terminals online, punches per hour,
// commands by state, the webhooks' backlog, and what needs attention.

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/responses.h"
#include "protocol/text.h"
#include "store/admission.h"
#include "util/clock.h"

namespace zkpush::api {

using store::Scope;

namespace {

constexpr int kAttentionPerKind = 20;  // the newest of each kind; counts say how many in all
constexpr int64_t kSkewLimitS = 120;     // a clock further off than this needs attention

struct Attention {
  json items = json::array();
  json counts = json::object();
  void add(const char* kind, json item) {
    counts[kind] = counts.value(kind, 0) + 1;
    if (counts[kind].get<int>() > kAttentionPerKind) return;
    item["kind"] = kind;
    items.push_back(std::move(item));
  }
};

// Terminals online, waiting, blocked; and those offline, polling without
// sending punches for `silent_ms`, or with a clock off by over two minutes.
Status add_terminals(ApiContext& c, int64_t now, int64_t silent_ms, json& out, Attention& attention) {
  auto activity_rows = c.store.device_activity();
  if (!activity_rows) return activity_rows.error();
  std::unordered_map<store::DeviceId, store::DeviceActivity> activity;
  for (const auto& a : *activity_rows) activity.emplace(a.device, a);
  int64_t total = 0, online = 0, pending = 0, blocked = 0;
  auto devices = c.devices.registry().all();
  // The most recently seen first.
  std::sort(devices.begin(), devices.end(), [](const auto& a, const auto& b) { return a->last_seen() > b->last_seen(); });
  for (const auto& device : devices) {
    ++total;
    const auto admission = device->admission();
    const int64_t seen = device->last_seen();
    if (admission == store::AdmissionState::kPending) {
      ++pending;
      attention.add("pending_admission", json{{"sn", device->sn()}, {"at", iso_time(seen)}});
      continue;
    }
    if (admission == store::AdmissionState::kBlocked) {
      ++blocked;
      continue;
    }
    const auto a = activity.find(device->id());
    const bool has_activity = a != activity.end();
    if (has_activity && a->second.clock_skew_s && std::abs(*a->second.clock_skew_s) > kSkewLimitS)
      attention.add("clock_skew", json{{"sn", device->sn()}, {"skew_s", *a->second.clock_skew_s},
                                       {"at", iso_time(*a->second.last_data_at)}});
    if (!c.devices.online(*device, now)) {
      attention.add("offline", json{{"sn", device->sn()}, {"at", iso_time(seen)}});
      continue;
    }
    ++online;
    // Never sent punches: silent once it has been known that long.
    const int64_t last_data = has_activity ? *a->second.last_data_at : device->snapshot().first_seen;
    if (now - last_data >= silent_ms)
      attention.add("silent", json{{"sn", device->sn()}, {"at", has_activity ? json(iso_time(last_data)) : json()}});
  }
  out["terminals"] = json{{"total", total}, {"online", online}, {"pending", pending}, {"blocked", blocked}};
  return Status::success();
}

void get_overview(ApiContext& c, ApiCall& call) {
  const int64_t now = now_ms();
  // The browser's midnight, so "today" is the reader's day.
  std::optional<int64_t> since = utc_time_bound(call.query.value_or("since", ""), false);
  if (!since) since = now - 24 * 3'600'000;
  auto silent_hours = protocol::parse_int(call.query.value_or("silent_hours", "24"));
  if (!silent_hours || *silent_hours <= 0) return call.respond(error_response(400, "silent_hours: a number of hours"));
  json out;
  Attention attention;
  if (Status s = add_terminals(c, now, *silent_hours * 3'600'000, out, attention); !s)
    return call.respond(error_response(s.error()));

  auto hours = c.store.punches_per_hour(*since);
  if (!hours) return call.respond(error_response(hours.error()));
  json per_hour = json::array();
  int64_t today = 0;
  for (const auto& h : *hours) {
    per_hour.push_back(json{{"hour", iso_time(h.hour)}, {"punches", h.punches}});
    today += h.punches;
  }
  out["punches"] = json{{"since", iso_time(*since)}, {"total", today}, {"per_hour", std::move(per_hour)}};

  auto counts = c.store.command_counts();
  if (!counts) return call.respond(error_response(counts.error()));
  out["commands"] = json{{"queued", counts->queued}, {"sent", counts->sent}, {"done", counts->done},
                         {"failed", counts->failed}, {"expired", counts->expired}};
  auto failed = c.store.recent_commands({store::CommandStatus::kFailed, std::nullopt, 0, kAttentionPerKind});
  if (!failed) return call.respond(error_response(failed.error()));
  for (const auto& command : *failed)
    attention.add("failed_command", json{{"sn", command.sn}, {"id", command.id}, {"command", command.command},
                                         {"return_code", command.return_code ? json(*command.return_code) : json()},
                                         {"at", iso_time(command.completed_at.value_or(command.created_at))}});
  auto rejected = c.store.recent_rejected(0, kAttentionPerKind);
  if (!rejected) return call.respond(error_response(rejected.error()));
  for (const auto& line : *rejected)
    attention.add("rejected_line", json{{"sn", line.sn}, {"id", line.id}, {"table", line.table},
                                        {"reason", line.reason}, {"at", iso_time(line.received_at)}});

  // At most this many events wait for each webhook (ids may skip a number).
  auto webhooks = c.store.webhooks();
  auto end = c.store.event_end();
  if (!webhooks || !end) return call.respond(error_response(!webhooks ? webhooks.error() : end.error()));
  int64_t backlog = 0;
  for (const auto& w : *webhooks)
    backlog += std::max<int64_t>(0, end->attendance - w.cursor.attendance) +
               std::max<int64_t>(0, end->photo - w.cursor.photo) + std::max<int64_t>(0, end->event - w.cursor.event);
  out["webhooks"] = json{{"count", webhooks->size()}, {"backlog", backlog}};
  out["attention"] = std::move(attention.items);
  out["attention_counts"] = std::move(attention.counts);
  call.respond(json_response(out));
}

}  // namespace

void add_overview_routes(RouteTable& routes, ApiContext& c) {
  routes.add("GET", "/api/v1/overview", Scope::kRead,
             "Terminals online, punches per hour since ?since= (default: 24 h), commands by state, webhook "
             "backlog, and what needs attention (?silent_hours=: polling without punches for that long)",
             [&c](ApiCall& call) { get_overview(c, call); });
}

}  // namespace zkpush::api
