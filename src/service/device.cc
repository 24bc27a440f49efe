#include "service/device.h"

#include <algorithm>

#include "protocol/access/session.h"
#include "protocol/codes.h"
#include "protocol/route.h"
#include "protocol/text.h"
#include "protocol/version.h"

namespace zkpush::service {

Device::Device(store::DeviceRow row)
    : id_(row.id), sn_(row.sn), row_(std::move(row)), live_ip_(row_.ip),
      last_seen_(row_.last_seen), flushed_last_seen_(row_.last_seen), flushed_at_(row_.last_seen) {
  judge_dialect();
}

store::DeviceRow Device::snapshot() const {
  std::lock_guard lock(mu_);
  store::DeviceRow copy = row_;
  copy.last_seen = last_seen_.load();
  copy.ip = live_ip_;
  return copy;
}

void Device::adopt_last_seen(int64_t at) {
  // Seen more recently through another node: take its time, and count it
  // as flushed unless this node has a newer one of its own to write.
  const int64_t seen_here = last_seen_.load();
  if (at <= seen_here) return;
  if (flushed_last_seen_.load() == seen_here) flushed_last_seen_.store(at);
  last_seen_.store(at);
}

void Device::refresh(store::DeviceRow row) {
  std::lock_guard lock(mu_);
  adopt_last_seen(row.last_seen);
  if (!ip_dirty_) live_ip_ = row.ip;
  if (row.session_id != row_.session_id || row.registry_code != row_.registry_code) accepted_token_.clear();
  row_ = std::move(row);
  judge_dialect();
}

void Device::seen_elsewhere(int64_t at) {
  std::lock_guard lock(mu_);
  adopt_last_seen(at);
}

std::string Device::setting_or(std::string_view key, std::string_view fallback) const {
  std::lock_guard lock(mu_);
  auto it = row_.settings.find(std::string(key));
  return it != row_.settings.end() ? it->second : std::string(fallback);
}

std::string Device::property(std::string_view key) const {
  std::lock_guard lock(mu_);
  auto it = row_.properties.find(std::string(key));
  return it != row_.properties.end() ? it->second : std::string();
}

std::string Device::stamp(std::string_view table) const {
  std::lock_guard lock(mu_);
  auto it = row_.stamps.find(std::string(table));
  return it != row_.stamps.end() ? it->second : std::string("0");
}

std::string Device::push_version() const {
  std::lock_guard lock(mu_);
  return row_.push_version;
}

Charset Device::charset() const {
  std::lock_guard lock(mu_);
  auto it = row_.settings.find("Charset");
  if (it != row_.settings.end()) return charset_from_name(it->second);
  return protocol::is_gb2312_language(row_.language) ? Charset::kGb2312 : Charset::kUtf8;
}

bool Device::acks_with_count() const {
  std::lock_guard lock(mu_);
  // An operator can pin the form for firmware that disagrees (setting UploadAck=count|plain).
  if (auto it = row_.settings.find("UploadAck"); it != row_.settings.end()) return it->second != "plain";
  if (!row_.push_version.empty()) return protocol::acks_with_count(row_.push_version);
  // No pushver: legacy firmware if it said so in a handshake. A terminal that
  // never handshook with us has an unknown dialect, and a bare OK makes 2.4.x
  // firmware resend forever (B1), so it gets the count.
  return row_.last_handshake == 0;
}

void Device::judge_dialect() {
  speaks_access_.store(protocol::speaks_access(row_.registered, row_.push_version, row_.device_type),
                       std::memory_order_release);
}

Device::AccessSession Device::access_session() const {
  std::lock_guard lock(mu_);
  return {row_.registry_code, row_.session_id};
}

bool Device::token_accepted(std::string_view token) {
  std::lock_guard lock(mu_);
  if (!accepted_token_.empty() && token == accepted_token_) return true;
  if (!protocol::access::token_matches(token, row_.registry_code, sn_, row_.session_id)) return false;
  accepted_token_ = std::string(token);
  return true;
}

store::AdmissionState Device::admission() const {
  std::lock_guard lock(mu_);
  return row_.admission;
}

std::optional<store::AdmissionPolicy> Device::admission_policy() const {
  std::lock_guard lock(mu_);
  return row_.admission_policy;
}

bool Device::bound_to_push_comm_key() const {
  std::lock_guard lock(mu_);
  return !row_.push_comm_key.empty();
}

bool Device::push_comm_key_matches(std::string_view key) const {
  std::lock_guard lock(mu_);
  return row_.push_comm_key.empty() || row_.push_comm_key == key;
}

void Device::apply_identity(const store::UpdateDeviceIdentity& identity) {
  std::lock_guard lock(mu_);
  auto set = [](std::string& field, const std::string& value) { if (!value.empty()) field = value; };
  set(row_.ip, identity.ip);
  set(row_.user_agent, identity.user_agent);
  set(row_.push_version, identity.push_version);
  set(row_.language, identity.language);
  set(row_.device_type, identity.device_type);
  set(row_.push_comm_key, identity.push_comm_key);
  if (identity.handshake_at > 0) row_.last_handshake = identity.handshake_at;
  judge_dialect();
}

void Device::apply_properties(const std::map<std::string, std::string>& values) {
  std::lock_guard lock(mu_);
  for (const auto& [k, v] : values) row_.properties[k] = v;
}

void Device::apply_settings(const std::map<std::string, std::string>& values) {
  std::lock_guard lock(mu_);
  for (const auto& [k, v] : values) row_.settings[k] = v;
}

void Device::apply_stamp(const std::string& table, const std::string& stamp) {
  std::lock_guard lock(mu_);
  row_.stamps[table] = stamp;
}

void Device::reset_stamps() {
  std::lock_guard lock(mu_);
  // Assigned by move: assigning the literal trips GCC 12's false -Wrestrict (bug 105329).
  for (std::string_view table : protocol::table::kStampTables) row_.stamps[std::string(table)] = std::string("0");
}

void Device::set_access_session(const AccessSession& session) {
  std::lock_guard lock(mu_);
  row_.registered = true;
  row_.registry_code = session.registry_code;
  row_.session_id = session.session_id;
  accepted_token_.clear();
  judge_dialect();
}

void Device::apply_admission(store::AdmissionState state) {
  std::lock_guard lock(mu_);
  row_.admission = state;
}

void Device::apply_admission_policy(std::optional<store::AdmissionPolicy> policy) {
  std::lock_guard lock(mu_);
  row_.admission_policy = policy;
}

void Device::apply_push_comm_key(std::string key) {
  std::lock_guard lock(mu_);
  row_.push_comm_key = std::move(key);
}

std::map<std::string, std::string> Device::properties_to_store(std::map<std::string, std::string> values) const {
  if (properties_stale()) return values;
  std::lock_guard lock(mu_);
  std::erase_if(values, [this](const auto& kv) {
    auto it = row_.properties.find(kv.first);
    return it != row_.properties.end() && it->second == kv.second;
  });
  return values;
}

void Device::touch(int64_t now_ms, std::string_view ip) {
  last_seen_.store(now_ms, std::memory_order_relaxed);
  if (ip.empty()) return;
  std::lock_guard lock(mu_);
  if (live_ip_ != ip) {
    live_ip_.assign(ip);
    ip_dirty_ = true;
  }
}

bool Device::take_unflushed(int64_t now_ms, int64_t interval_ms, int64_t& last_seen, std::string& ip) {
  last_seen = last_seen_.load(std::memory_order_relaxed);
  std::lock_guard lock(mu_);
  bool dirty = ip_dirty_ || last_seen != flushed_last_seen_.load();
  if (!dirty || now_ms - flushed_at_ < interval_ms) return false;
  flushed_at_ = now_ms;
  flushed_last_seen_.store(last_seen);
  ip = ip_dirty_ ? live_ip_ : std::string();
  if (ip_dirty_) row_.ip = live_ip_;
  ip_dirty_ = false;
  return true;
}

bool Device::commands_may_wait() const {
  std::lock_guard lock(mu_);
  return commands_may_wait_;
}

void Device::note_commands_waiting() {
  std::lock_guard lock(mu_);
  commands_may_wait_ = true;
  ++commands_generation_;
}

uint64_t Device::commands_generation() const {
  std::lock_guard lock(mu_);
  return commands_generation_;
}

void Device::clear_commands_waiting(uint64_t generation) {
  std::lock_guard lock(mu_);
  if (commands_generation_ == generation) commands_may_wait_ = false;
}

bool Device::begin_poll() {
  std::lock_guard lock(mu_);
  if (polling_) return false;
  polling_ = true;
  return true;
}

void Device::end_poll() {
  std::lock_guard lock(mu_);
  polling_ = false;
}

void Device::apply_label(const store::SetDeviceLabel& label) {
  std::lock_guard lock(mu_);
  if (label.name) row_.name = *label.name;
  if (label.group_id) row_.group_id = *label.group_id;
  if (label.punch_direction) row_.punch_direction = *label.punch_direction;
}

std::string Device::punch_direction() const {
  std::lock_guard lock(mu_);
  return row_.punch_direction;
}

std::optional<int64_t> Device::group_id() const {
  std::lock_guard lock(mu_);
  return row_.group_id;
}

void Device::log_request(const RequestLogEntry& entry) {
  std::lock_guard lock(mu_);
  request_log_[request_log_next_ % kRequestLogSize] = entry;
  ++request_log_next_;
}

std::vector<Device::RequestLogEntry> Device::recent_requests() const {
  std::lock_guard lock(mu_);
  std::vector<RequestLogEntry> out;
  const std::size_t count = std::min(request_log_next_, kRequestLogSize);
  for (std::size_t i = request_log_next_ - count; i < request_log_next_; ++i)
    out.push_back(request_log_[i % kRequestLogSize]);
  return out;
}

}  // namespace zkpush::service
