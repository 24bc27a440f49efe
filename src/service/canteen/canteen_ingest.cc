#include "service/canteen/canteen_ingest.h"

#include <spdlog/spdlog.h>

#include "protocol/canteen/commands.h"
#include "protocol/canteen/upload.h"
#include "protocol/text.h"
#include "service/canteen/ledger_policy.h"
#include "util/charset.h"
#include "util/clock.h"

namespace zkpush::service::canteen {
namespace {

namespace cp = protocol::canteen;

std::optional<int64_t> query_int(const protocol::Query& query, std::string_view key) {
  auto v = protocol::parse_int(query.value_or(key, ""));
  return v ? std::optional<int64_t>(*v) : std::nullopt;
}

// Lines the codec could not read, or records that cannot be booked, are
// acknowledged (so the terminal does not resend them forever) and kept
// verbatim with the reason, with a log line naming the device.
void keep_rejected(store::WriteBatch& batch, const Device& device, const std::string& table, int64_t now,
                   std::vector<protocol::RejectedLine> rejected) {
  if (rejected.empty()) return;
  for (const auto& r : rejected)
    spdlog::warn("device {}: {} line not booked ({}); kept as rejected: {:.120}", device.sn(), table, r.reason,
                 r.line);
  batch.add(store::StoreRejected{device.id(), now, table, std::move(rejected)});
}

// The stamps an upload moves (see the file comment of canteen_ingest.h).
std::map<std::string, std::string> new_stamps(const CanteenTerminal& terminal, cp::Family family, bool backup,
                                              const protocol::Query& query, const cp::CanteenUpload& upload) {
  std::map<std::string, std::string> stamps;
  const std::string stamp_id(protocol::trim(query.value_or("StampId", "")));
  if (backup) {
    if (!stamp_id.empty() && stamp_id != terminal.stamp(cp::backup_stamp_id_key(family)))
      stamps[cp::backup_stamp_id_key(family)] = stamp_id;
    return stamps;
  }
  std::optional<int64_t> reached = query_int(query, "StampId");
  for (const auto& t : upload.transactions) reached = std::max(reached.value_or(t.rec_no), t.rec_no);
  if (!reached) return stamps;
  const int64_t stored = protocol::parse_int(terminal.stamp(cp::stamp_id_key(family))).value_or(0);
  if (*reached <= stored) return stamps;
  stamps[cp::stamp_id_key(family)] = std::to_string(*reached);
  const std::string stamp(protocol::trim(query.value_or("Stamp", "")));
  if (!stamp.empty()) stamps[cp::stamp_key(family)] = stamp;
  return stamps;
}

}  // namespace

void CanteenIngest::upload(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal,
                           const std::string& table, const protocol::Query& query, const std::string& body,
                           const std::string& time_zone, ReplyFn reply) {
  std::string scratch;
  const std::string_view text = to_utf8_view(body, device->charset(), scratch);
  const cp::UploadTable kind = cp::upload_table(table);
  const int64_t now = now_ms();
  if (kind.kind == cp::UploadTable::Kind::kLog) {
    upload_records(device, terminal, table, query, text, time_zone, std::move(reply));
    return;
  }
  store::WriteBatch batch;
  if (kind.kind == cp::UploadTable::Kind::kOther) {
    // Tables the spec does not define (ZhiWei, timedetail: A-38): kept as
    // sent, one generic record per line, and acknowledged.
    spdlog::info("device {}: canteen table {} is not interpreted; lines kept as records", device->sn(), table);
    std::vector<protocol::GenericRecord> records;
    protocol::for_each_line(text, [&](std::string_view line) {
      if (protocol::trim(line).empty()) return;
      records.push_back({protocol::to_upper(table), {{"line", std::string(line)}}});
    });
    if (!records.empty()) batch.add(store::StoreGeneric{device->id(), now, std::move(records)});
  } else {
    cp::CanteenUpload parsed;
    const auto item_kind = kind.kind == cp::UploadTable::Kind::kStoreDetail ? cp::ItemDetail::Kind::kProduct
                                                                            : cp::ItemDetail::Kind::kKey;
    cp::parse_item_details(item_kind, text, parsed);
    if (!parsed.details.empty()) batch.add(store::StoreItemDetails{device->id(), now, std::move(parsed.details), 0});
    keep_rejected(batch, *device, table, now, std::move(parsed.rejected));
  }
  commit(device, terminal, std::move(batch), table, std::move(reply));
}

void CanteenIngest::upload_records(const std::shared_ptr<Device>& device,
                                   const std::shared_ptr<CanteenTerminal>& terminal, const std::string& table,
                                   const protocol::Query& query, std::string_view body, const std::string& time_zone,
                                   ReplyFn reply) {
  const cp::UploadTable kind = cp::upload_table(table);
  const int64_t now = now_ms();
  store::WriteBatch batch;
  cp::CanteenUpload parsed;
  switch (kind.family) {
    case cp::Family::kPos:
      cp::parse_buylog(body, parsed);
      break;
    case cp::Family::kAllow:
      cp::parse_allowlog(body, parsed);
      break;
    case cp::Family::kFull: {
      const int64_t next = terminal->highest(cp::Family::kFull) + 1;
      cp::FulllogOrder order = cp::detect_fulllog_order(body, query_int(query, "StampId"), next);
      if (order == cp::FulllogOrder::kUnknown) {
        order = terminal->fulllog_order();
      } else if (order != terminal->fulllog_order()) {
        spdlog::info("device {}: FULLLOG fields 8 and 9 are {} (catalog A-13)", device->sn(),
                     store::name_of(order));
        batch.add(store::UpsertCanteenTerminal{device->id(), std::nullopt, order, now, false});
      }
      cp::parse_fulllog(body, order, parsed);
      break;
    }
  }
  auto stamps = new_stamps(*terminal, kind.family, kind.backup, query, parsed);
  store::StoreCanteenRecords records;
  records.device = device->id();
  records.family = kind.family;
  records.backup = kind.backup;
  records.table = protocol::to_upper(table);
  records.time_zone = time_zone;
  records.received_at = now;
  for (auto& t : parsed.transactions) {
    auto effects = ledger_effects(t);
    if (!effects) {
      parsed.rejected.push_back({t.line, records.table + ": " + effects.error().message});
      continue;
    }
    records.transactions.push_back({std::move(t), std::move(*effects)});
  }
  batch.add(std::move(records));
  keep_rejected(batch, *device, table, now, std::move(parsed.rejected));
  if (!stamps.empty()) batch.add(store::SetCanteenStamps{device->id(), std::move(stamps)});
  commit(device, terminal, std::move(batch), table, std::move(reply));
}

void CanteenIngest::commit(const std::shared_ptr<Device>& device, const std::shared_ptr<CanteenTerminal>& terminal,
                           store::WriteBatch batch, std::string table, ReplyFn reply) {
  if (batch.ops.empty()) {
    reply(DeviceReply::ok("OK"));
    return;
  }
  store_.submit(std::move(batch), [this, device, terminal, table = std::move(table),
                                   reply = std::move(reply)](Status status, store::WriteBatch& b) {
    if (!status) {
      spdlog::error("device {}: {} upload not stored ({}); answered 503 so the terminal resends", device->sn(),
                    table, status.error().message);
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    std::vector<store::SequenceGap> gaps;
    for (auto& op : b.ops) {
      if (auto* s = std::get_if<store::SetCanteenStamps>(&op)) terminal->apply_stamps(s->values);
      if (auto* t = std::get_if<store::UpsertCanteenTerminal>(&op); t && t->fulllog_order)
        terminal->set_fulllog_order(*t->fulllog_order);
      if (auto* r = std::get_if<store::StoreCanteenRecords>(&op)) {
        terminal->note_highest(r->family, r->highest_rec_no);
        if (r->conflicts > 0)
          spdlog::warn("device {}: {} {} record(s) reuse a RecNo already stored with other content; kept as "
                       "rejected, not booked (was the terminal cleared?)",
                       device->sn(), r->conflicts, table);
        spdlog::debug("device {}: {} {} record(s), {} new, {} already stored", device->sn(), r->transactions.size(),
                      table, r->inserted, r->duplicates);
        gaps.insert(gaps.end(), r->needs_sync.begin(), r->needs_sync.end());
      }
    }
    reply(DeviceReply::ok("OK"));
    request_syncs(device, gaps);
  });
}

void CanteenIngest::request_syncs(const std::shared_ptr<Device>& device, const std::vector<store::SequenceGap>& gaps) {
  for (const auto& gap : gaps) {
    const std::string_view log = cp::names_of(gap.family).log_name;
    spdlog::warn("device {}: {} records {}..{} are missing; queueing SYNC", device->sn(), log, gap.first, gap.last);
    commands_.enqueue(device, cp::format_sync(gap.family, gap.first, gap.last),
                      [this, device, gap](Result<std::string> id) {
                        if (!id) {
                          spdlog::error("device {}: SYNC for records {}..{} not queued: {}", device->sn(), gap.first,
                                        gap.last, id.error().message);
                          return;
                        }
                        store::WriteBatch batch;
                        batch.add(store::SetCanteenGapSync{gap.id, *id});
                        store_.submit(std::move(batch), [device](Status status, store::WriteBatch&) {
                          if (!status)
                            spdlog::error("device {}: cannot note the SYNC of a gap: {}", device->sn(),
                                          status.error().message);
                        });
                      });
  }
}

}  // namespace zkpush::service::canteen
