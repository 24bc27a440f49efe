#include "service/ingest.h"

#include <spdlog/spdlog.h>

#include "protocol/format.h"
#include "protocol/record_time.h"
#include "protocol/route.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "service/handshake.h"
#include "service/punch_direction.h"
#include "service/template_formats.h"
#include "util/charset.h"
#include "service/store_failure.h"
#include "util/clock.h"
#include "util/metrics.h"

namespace zkpush::service {
namespace {

using protocol::ParsedUpload;

// Tables the spec acknowledges with a plain "OK" (004 §11.3, §11.15, §11.16).
bool acked_without_count(std::string_view table) {
  return table == protocol::table::kAttphoto || table == protocol::table::kErrorlog ||
         table == protocol::table::kFpImage;
}

// The template's algorithm major version, from what the terminal reported
// (BIODATA carries its own MajorVer).
std::string algorithm_of(const protocol::TemplateRecord& t, const DeviceCapabilities& device) {
  switch (t.kind) {
    case protocol::TemplateKind::kFingerprint: return device.fp_version;
    case protocol::TemplateKind::kFace: return device.face_version;
    case protocol::TemplateKind::kFingerVein: return device.fv_version;
    case protocol::TemplateKind::kBiodata: return major_version(t.major_ver);
  }
  return {};
}

store::BiometricKind biometric_kind_of(protocol::TemplateKind kind) {
  switch (kind) {
    case protocol::TemplateKind::kFingerprint: return store::BiometricKind::kFingerprint;
    case protocol::TemplateKind::kFace: return store::BiometricKind::kFace;
    case protocol::TemplateKind::kFingerVein: return store::BiometricKind::kFingerVein;
    case protocol::TemplateKind::kBiodata: return store::BiometricKind::kBiodata;
  }
  return store::BiometricKind::kBiodata;
}

// What an upload says about people (users, templates, user and comparison
// photos), for the persons store (person_records.h MergeEnrolment).
std::optional<store::MergeEnrolment> enrolment_of(const Device& device, int64_t now, const ParsedUpload& parsed) {
  store::MergeEnrolment op{device.id(), device.sn(), parsed.users, {}, {}, now, {}};
  const std::string source = "device:" + device.sn();
  std::optional<DeviceCapabilities> capabilities;
  for (const auto& t : parsed.templates) {
    if (t.pin.empty() || t.tmp.empty()) continue;
    if (!capabilities) capabilities = capabilities_of(device.snapshot().properties);
    store::BiometricRow b;
    b.kind = biometric_kind_of(t.kind);
    b.bio_type = t.kind == protocol::TemplateKind::kBiodata ? t.bio_type : 0;
    b.no = t.no;
    b.index = t.index;
    b.valid = t.valid;
    b.duress = t.duress;
    b.algorithm = algorithm_of(t, *capabilities);
    b.minor_ver = t.minor_ver;
    b.format = t.format;
    b.source = source;
    b.data = t.tmp;
    op.biometrics.push_back(std::move(b));
    op.pins.push_back(t.pin);
  }
  for (const auto& p : parsed.photos) {
    if (p.pin.empty() || (p.kind != protocol::PhotoKind::kUser && p.kind != protocol::PhotoKind::kBiometric)) continue;
    store::BiometricRow b;
    b.kind = p.kind == protocol::PhotoKind::kUser ? store::BiometricKind::kUserPhoto : store::BiometricKind::kBioPhoto;
    b.bio_type = p.kind == protocol::PhotoKind::kBiometric ? p.bio_type : 0;
    b.source = source;
    b.data = protocol::encode_base64(p.bytes);
    op.biometrics.push_back(std::move(b));
    op.pins.push_back(p.pin);
  }
  if (op.users.empty() && op.biometrics.empty()) return std::nullopt;
  return op;
}

// How far the terminal's clock is from the server's, from the punches it
// just sent: none is later than now, so a newer one shows a clock ahead; a
// single punch is a real-time upload (a backlog comes in batches), so an
// older one shows a clock behind. Nullopt when the upload tells nothing.
std::optional<int64_t> clock_skew_s(const std::vector<protocol::AttlogRecord>& records, const std::string& time_zone,
                                    int64_t now) {
  std::optional<int64_t> newest;
  for (const auto& r : records)
    if (auto utc = protocol::record_utc_ms(r.time, time_zone); utc && (!newest || *utc > *newest)) newest = utc;
  if (!newest) return std::nullopt;
  const int64_t skew_s = (*newest - now) / 1000;
  if (skew_s > 0 || records.size() == 1) return skew_s;
  return std::nullopt;
}

// Every record of a parsed body as store operations, in one batch.
void add_records(store::WriteBatch& batch, const Device& device, const std::string& time_zone, int64_t now,
                 const std::string& table, ParsedUpload&& parsed) {
  const auto id = device.id();
  if (auto enrolment = enrolment_of(device, now, parsed)) batch.add(std::move(*enrolment));
  if (!parsed.attlogs.empty()) {
    const auto skew = clock_skew_s(parsed.attlogs, time_zone, now);
    // A rule the API refused never reaches a device; an unreadable one counts as the default.
    const PunchDirectionRule rule = parse_punch_direction(device.punch_direction()).value_or(PunchDirectionRule{});
    std::vector<std::string> directions;
    directions.reserve(parsed.attlogs.size());
    for (const auto& r : parsed.attlogs) directions.emplace_back(punch_direction(rule, r.status));
    batch.add(store::InsertAttendance{id, time_zone, now, std::move(parsed.attlogs), std::move(directions), 0, skew});
  }
  if (!parsed.oplogs.empty()) batch.add(store::AppendOplog{id, now, std::move(parsed.oplogs)});
  if (!parsed.users.empty()) batch.add(store::UpsertUsers{id, now, std::move(parsed.users)});
  if (!parsed.templates.empty()) batch.add(store::UpsertTemplates{id, now, std::move(parsed.templates)});
  if (!parsed.photos.empty()) batch.add(store::StorePhotos{id, now, std::move(parsed.photos), {}});
  if (!parsed.errorlogs.empty()) batch.add(store::AppendErrorlog{id, now, std::move(parsed.errorlogs)});
  if (!parsed.generic.empty()) batch.add(store::StoreGeneric{id, now, std::move(parsed.generic)});
  if (!parsed.rejected.empty()) {
    for (const auto& r : parsed.rejected)
      spdlog::warn("device {}: {} line not understood ({}); stored as rejected: {:.120}", device.sn(), table,
                   r.reason, r.line);
    batch.add(store::StoreRejected{id, now, table, std::move(parsed.rejected)});
  }
}

}  // namespace

void Ingest::upload(const std::shared_ptr<Device>& device, const protocol::RoutedRequest& route,
                    const protocol::Query& query, const std::string& body, ReplyFn reply) {
  const std::string& table = route.table;
  const int64_t now = config_.clock.now_ms();
  ParsedUpload parsed;
  std::string scratch;

  if (table == protocol::table::kAttphoto) {
    auto photo = protocol::parse_attphoto(body, query.value_or("PIN", ""));
    if (!photo) return refuse(*device, table, photo.error(), reply);
    parsed.photos.push_back(std::move(*photo));
    parsed.lines = 1;
  } else if (table == protocol::table::kFpImage) {
    // 000:L191: raw bitmap of an enrolment; answer quickly or enrolment fails.
    protocol::PhotoRecord image;
    image.kind = protocol::PhotoKind::kFingerprintImage;
    image.pin = query.value_or("PIN", "");
    image.filename = query.value_or("FPImage", "");
    image.bytes = body;
    parsed.photos.push_back(std::move(image));
    parsed.lines = 1;
  } else {
    std::string extracted;
    std::string_view text = body;
    if (table == protocol::table::kOperlog && protocol::iequals(query.value_or("ContentType", ""), "tgz")) {
      auto packet = protocol::extract_tgz(body);
      if (!packet) return refuse(*device, table, packet.error(), reply);
      extracted = std::move(*packet);
      text = extracted;
    }
    if (Status shape = protocol::check_upload_shape(text); !shape) return refuse(*device, table, shape.error(), reply);
    protocol::parse_table(table, to_utf8_view(text, device->charset(), scratch), parsed);
  }

  store::WriteBatch batch;
  const int lines = parsed.lines;
  if (!parsed.templates.empty()) registry_.fresh_properties(device);  // their formats follow its capabilities
  add_records(batch, *device, effective_option(*device, config_, "TimeZone"), now, table, std::move(parsed));
  // Stamp=0 marks a query answer (002:L1043) and is never stored (AMB-19).
  const std::string& stamp = route.stamp;
  if (protocol::table::has_stamp(table) && !stamp.empty() && stamp != "0" && device->stamp(table) != stamp)
    batch.add(store::SetStamp{device->id(), table, stamp});

  const bool count = device->acks_with_count() && !acked_without_count(table);
  commit(device, std::move(batch), table, protocol::format_upload_ack(lines, count), std::move(reply), lines);
}

void Ingest::store_parsed(const std::shared_ptr<Device>& device, std::string table, ParsedUpload parsed,
                          store::WriteBatch batch, std::string ok_body, ReplyFn reply) {
  const int lines = parsed.lines;
  if (!parsed.templates.empty()) registry_.fresh_properties(device);
  add_records(batch, *device, effective_option(*device, config_, "TimeZone"), config_.clock.now_ms(), table,
              std::move(parsed));
  commit(device, std::move(batch), std::move(table), std::move(ok_body), std::move(reply), lines);
}

void Ingest::refuse(const Device& device, const std::string& table, const Error& error, const ReplyFn& reply) {
  spdlog::warn("device {}: {} upload refused, nothing stored: {}", device.sn(), table, error.message);
  reply(error.kind == Error::Kind::kTooLarge ? DeviceReply::too_large("ERROR: " + error.message)
                                             : DeviceReply::bad_request("ERROR: " + error.message));
}

void Ingest::store_options(const std::shared_ptr<Device>& device, const std::string& body, std::string ok_body,
                           ReplyFn reply) {
  std::string scratch;
  std::map<std::string, std::string> values;
  for (auto& [key, value] : protocol::parse_options_body(to_utf8_view(body, device->charset(), scratch)))
    values[key] = std::move(value);
  auto changed = device->properties_to_store(std::move(values));
  store::WriteBatch batch;
  if (!changed.empty()) batch.add(store::SetDeviceProperties{device->id(), changed});
  commit(device, std::move(batch), "options", std::move(ok_body), std::move(reply));
}

void Ingest::store_raw(const std::shared_ptr<Device>& device, std::string table, const protocol::Query& query,
                       const std::string& body, std::string ok_body, ReplyFn reply) {
  protocol::GenericRecord record;
  record.table = table;
  for (const auto& [key, value] : query.items())
    if (!protocol::iequals(key, "SN")) record.fields.emplace_back(key, value);
  std::string scratch;
  record.fields.emplace_back("body", std::string(to_utf8_view(body, device->charset(), scratch)));
  store::WriteBatch batch;
  batch.add(store::StoreGeneric{device->id(), config_.clock.now_ms(), {std::move(record)}});
  commit(device, std::move(batch), std::move(table), std::move(ok_body), std::move(reply));
}

void Ingest::commit(const std::shared_ptr<Device>& device, store::WriteBatch batch, std::string table,
                    std::string ok_body, ReplyFn reply, int lines) {
  if (batch.ops.empty()) {
    reply(DeviceReply::ok(std::move(ok_body)));
    return;
  }
  store_.submit(std::move(batch), [this, device, lines, table = std::move(table), ok_body = std::move(ok_body),
                                   reply = std::move(reply)](Status status, store::WriteBatch& b) mutable {
    if (!status) {
      log_store_failure(status.error(), fmt::format("device {}: {} upload not stored, answered 503 so the terminal "
                                                    "resends", device->sn(), table));
      reply(DeviceReply::unavailable("ERROR: storage unavailable"));
      return;
    }
    metrics().records_ingested(table, static_cast<uint64_t>(lines));
    // Mirror what is now durable in the in-memory device.
    for (auto& op : b.ops) {
      if (auto* s = std::get_if<store::SetStamp>(&op)) device->apply_stamp(s->table, s->stamp);
      if (auto* p = std::get_if<store::SetDeviceProperties>(&op)) {
        const bool capable = changes_capabilities(*device, p->values);
        device->apply_properties(p->values);
        if (capable && properties_) properties_(*device);
      }
      if (auto* a = std::get_if<store::InsertAttendance>(&op))
        spdlog::debug("device {}: {} punch(es), {} new", device->sn(), a->records.size(), a->inserted);
      if (auto* e = std::get_if<store::MergeEnrolment>(&op); e && !e->changed_persons.empty() && enrolled_)
        enrolled_(*device, e->changed_persons);
    }
    reply(DeviceReply::ok(std::move(ok_body)));
  });
}

}  // namespace zkpush::service
