#include "service/reconciliation.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "protocol/record_time.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::service {

namespace {

std::optional<std::string> field(const protocol::CommandReply& reply, std::string_view key) {
  for (const auto& [k, v] : reply.fields)
    if (protocol::iequals(k, key)) return v;
  return std::nullopt;
}

}  // namespace

void reconcile_verify_sum(store::Store& store, CommandQueue& commands, const std::shared_ptr<Device>& device,
                          const protocol::CommandReply& reply, std::function<void()> done) {
  if (!protocol::istarts_with(protocol::trim(reply.cmd), "VERIFY SUM")) return done();
  if (reply.return_code && *reply.return_code < 0) return done();
  auto sum = field(reply, "AttlogSum");
  auto from_text = field(reply, "StartTime");
  auto to_text = field(reply, "EndTime");
  auto on_device = sum ? protocol::parse_int(*sum) : std::nullopt;
  auto from = from_text ? protocol::normalize_record_time(*from_text) : std::nullopt;
  auto to = to_text ? protocol::normalize_record_time(*to_text) : std::nullopt;
  if (!on_device || !from || !to) {
    spdlog::warn("device {}: VERIFY SUM reply {} without AttlogSum, StartTime and EndTime: {:.200}", device->sn(),
                 reply.id, reply.raw);
    return done();
  }
  auto stored = store.attendance_count(device->id(), *from, *to);
  if (!stored) {
    spdlog::error("device {}: cannot count stored records for VERIFY SUM: {}", device->sn(), stored.error().message);
    return done();
  }
  if (*stored == *on_device) {
    spdlog::info("device {}: VERIFY SUM {} .. {}: {} records on both sides", device->sn(), *from, *to, *stored);
    return done();
  }
  const bool missing = *stored < *on_device;
  nlohmann::json payload{{"sn", device->sn()},          {"from", *from},
                         {"to", *to},                  {"on_device", *on_device},
                         {"on_server", *stored},       {"command_id", reply.id},
                         {"action", missing ? "DATA QUERY ATTLOG" : "none"}};
  spdlog::warn("device {}: VERIFY SUM {} .. {}: {} records on the terminal, {} on the server{}", device->sn(), *from,
               *to, *on_device, *stored, missing ? "; asking for the window again" : "");
  store::WriteBatch batch;
  batch.add(store::AppendEvent{"reconciliation.mismatch", now_ms(), payload.dump()});
  std::vector<CommandQueue::Queued> query;
  if (missing) query.push_back({device, "DATA QUERY ATTLOG StartTime=" + *from + "\tEndTime=" + *to});
  commands.enqueue_with(std::move(batch), std::move(query),
                        [device, done = std::move(done)](Status status, store::WriteBatch&) {
                          if (!status)
                            spdlog::error("device {}: cannot record the VERIFY SUM mismatch: {}", device->sn(),
                                          status.error().message);
                          done();
                        });
}

}  // namespace zkpush::service
