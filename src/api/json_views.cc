#include "api/json_views.h"

#include <ctime>

#include "protocol/codes.h"
#include "protocol/record_time.h"
#include "protocol/upload.h"
#include "protocol/version.h"
#include "util/charset.h"
#include "util/clock.h"

namespace zkpush::api {

using nlohmann::json;

std::string iso_time(store::TimeMs ms) { return ms <= 0 ? std::string() : iso_utc(ms); }

namespace {

json optional_time(const std::optional<store::TimeMs>& ms) { return ms ? json(iso_time(*ms)) : json(nullptr); }

// A record's device-local time and its device's TimeZone as UTC, or null.
json utc_of(const std::string& local, const std::string& time_zone) {
  auto ms = protocol::record_utc_ms(local, time_zone);
  return ms ? json(iso_utc(*ms)) : json(nullptr);
}

template <typename T>
json optional_value(const std::optional<T>& v) { return v ? json(*v) : json(nullptr); }

// Binary-safe text for JSON: UTF-8 as is, anything else as base64.
void put_bytes(json& out, const char* key, const std::string& bytes) {
  if (is_valid_utf8(bytes)) {
    out[key] = bytes;
  } else {
    out[std::string(key) + "_base64"] = protocol::encode_base64(bytes);
  }
}

std::string_view photo_kind_name(protocol::PhotoKind kind) {
  switch (kind) {
    case protocol::PhotoKind::kAttendance: return "ATTPHOTO";
    case protocol::PhotoKind::kUser: return "USERPIC";
    case protocol::PhotoKind::kBiometric: return "BIOPHOTO";
    case protocol::PhotoKind::kFingerprintImage: return "FPIMAGE";
  }
  return "";
}

std::string_view template_kind_name(protocol::TemplateKind kind) {
  switch (kind) {
    case protocol::TemplateKind::kFingerprint: return "FP";
    case protocol::TemplateKind::kFace: return "FACE";
    case protocol::TemplateKind::kFingerVein: return "FVEIN";
    case protocol::TemplateKind::kBiodata: return "BIODATA";
  }
  return "";
}

}  // namespace

std::string_view command_status_name(store::CommandStatus status) {
  switch (status) {
    case store::CommandStatus::kQueued: return "queued";
    case store::CommandStatus::kSent: return "sent";
    case store::CommandStatus::kDone: return "done";
    case store::CommandStatus::kFailed: return "failed";
    case store::CommandStatus::kExpired: return "expired";
  }
  return "";
}

json device_json(const store::DeviceRow& d, bool online) {
  json info = json::object(), stamps = json::object(), settings = json::object();
  for (const auto& [k, v] : d.properties) info[k] = v;
  for (const auto& [k, v] : d.stamps) stamps[k] = v;
  for (const auto& [k, v] : d.settings) settings[k] = v;
  return json{{"sn", d.sn},
              {"first_seen", iso_time(d.first_seen)},
              {"last_seen", iso_time(d.last_seen)},
              {"online", online},
              {"ip", d.ip},
              {"user_agent", d.user_agent},
              {"push_version", d.push_version},
              {"language", d.language},
              {"device_type", d.device_type},
              // The binding key is a credential: shown only as bound or not.
              {"pushcommkey_bound", !d.push_comm_key.empty()},
              {"admission", std::string(store::admission_state_name(d.admission))},
              {"admission_policy", d.admission_policy
                                       ? json(std::string(store::admission_policy_name(*d.admission_policy)))
                                       : json(nullptr)},
              {"registered", d.registered || !protocol::needs_registry(d.push_version, d.device_type)},
              {"dialect", protocol::speaks_access(d.registered, d.push_version, d.device_type) ? "access"
                                                                                                 : "attendance"},
              {"last_handshake", iso_time(d.last_handshake)},
              {"firmware", d.properties.count("FWVersion") ? d.properties.at("FWVersion") : std::string()},
              {"info", std::move(info)},
              {"stamps", std::move(stamps)},
              {"settings", std::move(settings)}};
}

json attendance_json(const store::AttendanceRow& row) {
  const auto& r = row.record;
  return json{{"id", row.id},
              {"sn", row.sn},
              {"pin", r.pin},
              {"time", r.time},
              {"status", r.status},
              {"verify", r.verify},
              {"workcode", r.workcode},
              {"reserved1", r.reserved1},
              {"reserved2", r.reserved2},
              {"extra", r.extra},
              {"time_zone", row.time_zone},
              {"time_utc", utc_of(r.time, row.time_zone)},
              {"person_name", row.person_name},
              {"direction", row.direction},
              {"received_at", iso_time(row.received_at)}};
}

json user_json(const store::UserRow& row) {
  const auto& u = row.user;
  json extra = json::object();
  for (const auto& [k, v] : u.extra) extra[k] = v;
  return json{{"sn", row.sn},
              {"pin", u.pin},
              {"name", optional_value(u.name)},
              {"privilege", optional_value(u.privilege)},
              {"password", optional_value(u.password)},
              {"card", optional_value(u.card)},
              {"group", optional_value(u.group)},
              {"tz", optional_value(u.tz)},
              {"verify", optional_value(u.verify)},
              {"vice_card", optional_value(u.vice_card)},
              {"start_datetime", optional_value(u.start_datetime)},
              {"end_datetime", optional_value(u.end_datetime)},
              {"extra", std::move(extra)},
              {"updated_at", iso_time(row.updated_at)}};
}

json template_json(const store::TemplateRow& row) {
  const auto& t = row.tmpl;
  return json{{"sn", row.sn},
              {"pin", t.pin},
              {"kind", template_kind_name(t.kind)},
              {"type", t.bio_type},
              {"no", t.no},
              {"index", t.index},
              {"valid", t.valid},
              {"duress", t.duress},
              {"major_ver", t.major_ver},
              {"minor_ver", t.minor_ver},
              {"format", t.format},
              {"size", optional_value(t.size)},
              {"tmp", t.tmp},
              {"updated_at", iso_time(row.updated_at)}};
}

json oplog_json(const store::OplogRow& row) {
  const auto& r = row.record;
  return json{{"id", row.id},
              {"sn", row.sn},
              {"op_type", r.op_type},
              {"op_name", protocol::oplog_name(r.op_type)},
              {"op_who", r.op_who},
              {"time", r.time},
              {"values", {r.value1, r.value2, r.value3, r.reserved}},
              {"received_at", iso_time(row.received_at)}};
}

json photo_json(const store::PhotoRow& row) {
  return json{{"id", row.id},
              {"sn", row.sn},
              {"kind", photo_kind_name(row.kind)},
              {"pin", row.pin},
              {"filename", row.filename},
              {"type", row.bio_type},
              {"size", row.size},
              {"url", "/api/v1/photos/" + std::to_string(row.id)},
              {"received_at", iso_time(row.received_at)}};
}

json terminal_file_json(const store::TerminalFileRow& row) {
  return json{{"path", row.path},
              {"size", row.size},
              {"sha256", row.sha256},
              {"created_at", iso_time(row.created_at)}};
}

json command_json(const store::CommandRow& row) {
  json out{{"id", row.id},
           {"sn", row.sn},
           {"command", row.command},
           {"status", command_status_name(row.status)},
           {"return_code", optional_value(row.return_code)},
           {"return_message",
            row.return_code ? json(protocol::command_return_message(row.command, *row.return_code)) : json(nullptr)},
           {"reply", row.reply},
           {"created_at", iso_time(row.created_at)},
           {"sent_at", optional_time(row.sent_at)},
           {"completed_at", optional_time(row.completed_at)},
           {"deliveries", row.deliveries}};
  if (row.content) put_bytes(out, "content", *row.content);
  return out;
}

json errorlog_json(const store::ErrorlogRow& row) {
  const auto& r = row.record;
  return json{{"id", row.id},         {"sn", row.sn},
              {"err_code", r.err_code}, {"err_msg", r.err_msg},
              {"data_origin", r.data_origin}, {"cmd_id", r.cmd_id},
              {"additional", r.additional}, {"received_at", iso_time(row.received_at)}};
}

json generic_json(const store::GenericRow& row) {
  json fields = json::array();  // pairs, in order: keys may repeat
  for (const auto& [k, v] : row.record.fields) fields.push_back(json::array({k, v}));
  return json{{"id", row.id},
              {"sn", row.sn},
              {"table", row.record.table},
              {"fields", std::move(fields)},
              {"received_at", iso_time(row.received_at)}};
}

json rejected_json(const store::RejectedRow& row) {
  json out{{"id", row.id},
           {"sn", row.sn},
           {"table", row.table},
           {"reason", row.reason},
           {"received_at", iso_time(row.received_at)}};
  put_bytes(out, "line", row.line);
  return out;
}

}  // namespace zkpush::api
