// A terminal as the server knows it while running: the stored row plus the
// state that must not cost a disk write on every poll (last seen, the peer's
// address, whether commands are waiting).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/route.h"
#include "store/store.h"
#include "util/charset.h"

namespace zkpush::service {

class Device {
 public:
  explicit Device(store::DeviceRow row);

  store::DeviceId id() const { return id_; }
  const std::string& sn() const { return sn_; }

  // A copy of the stored row, with the live last_seen/ip filled in.
  store::DeviceRow snapshot() const;

  // Per-device setting, else `fallback`.
  std::string setting_or(std::string_view key, std::string_view fallback) const;
  std::string property(std::string_view key) const;
  std::string stamp(std::string_view table) const;
  std::string push_version() const;
  Charset charset() const;
  // How uploads are acknowledged: "OK: n" unless the terminal handshook as
  // legacy firmware (no pushver, or older than 2.2.14), which expects "OK".
  bool acks_with_count() const;
  // An access panel or terminal (Security PUSH, service/access/): it
  // registered through /iclock/registry, or announced itself as one
  // (protocol::speaks_access, push3_catalog §6.2). Asked on every
  // request: judged when the row changes, read without the lock.
  bool speaks_access() const { return speaks_access_.load(std::memory_order_acquire); }
  // The session an access panel registered (empty before it did).
  struct AccessSession {
    std::string registry_code, session_id;
  };
  AccessSession access_session() const;
  // Whether `token` is the one the panel's session gives (protocol/access/
  // session.h). The last token accepted is remembered, so a steady panel
  // costs one comparison, not an MD5.
  bool token_accepted(std::string_view token);
  // Admission (service/admission.h).
  store::AdmissionState admission() const;
  std::optional<store::AdmissionPolicy> admission_policy() const;
  // True when the device is bound to a pushcommkey (004 §5).
  bool bound_to_push_comm_key() const;
  // True when `key` is the bound key, or the device is not bound.
  bool push_comm_key_matches(std::string_view key) const;

  // The cache's freshness (DeviceRegistry): another node changed the stored
  // device, so the next lookup reads it again.
  void mark_stale() { stale_.store(true, std::memory_order_release); }
  bool stale() const { return stale_.load(std::memory_order_acquire); }
  // Another node stored new properties only: read again before they are
  // used (DeviceRegistry::fresh_properties), not for every request; a new
  // report is stored whole meanwhile (properties_to_store).
  void mark_properties_stale() { properties_stale_.store(true, std::memory_order_release); }
  bool properties_stale() const { return properties_stale_.load(std::memory_order_acquire); }
  // The stored row read again: replaces what this node cached, keeping the
  // live state (when it was last seen here, from where, its request log).
  // Clears both marks first, so a change noted during the read is not lost.
  void begin_refresh() {
    stale_.store(false, std::memory_order_release);
    properties_stale_.store(false, std::memory_order_release);
  }
  void refresh(store::DeviceRow row);
  // This node has just written the device's row (it registered it): the
  // first caller to ask is told so, and may skip reading it again.
  void note_registered_here() { registered_here_.store(true, std::memory_order_release); }
  // Every request asks: a plain load first, so a poll writes nothing.
  bool take_registered_here() {
    return registered_here_.load(std::memory_order_acquire) &&
           registered_here_.exchange(false, std::memory_order_acq_rel);
  }
  // Another node saw the device at `at` (and wrote it to the store).
  void seen_elsewhere(int64_t at);

  // In-memory updates mirroring what was committed to the store.
  void apply_identity(const store::UpdateDeviceIdentity& identity);
  void apply_properties(const std::map<std::string, std::string>& values);
  void apply_settings(const std::map<std::string, std::string>& values);
  void apply_stamp(const std::string& table, const std::string& stamp);
  void reset_stamps();
  void set_access_session(const AccessSession& session);
  void apply_label(const store::SetDeviceLabel& label);
  std::optional<int64_t> group_id() const;
  std::string punch_direction() const;  // the rule's text (service/punch_direction.h)
  void apply_admission(store::AdmissionState state);
  void apply_admission_policy(std::optional<store::AdmissionPolicy> policy);
  void apply_push_comm_key(std::string key);
  // What of `values` (a terminal's report) to store: the keys whose value
  // differs from the cached one; all of them while the cache is behind
  // another node's (properties_stale), which saves reading them first.
  std::map<std::string, std::string> properties_to_store(std::map<std::string, std::string> values) const;

  int64_t last_seen() const { return last_seen_.load(std::memory_order_relaxed); }
  // Seen now from this address; memory only (flushed periodically).
  void touch(int64_t now_ms, std::string_view ip);
  // The last_seen/ip to write if they changed since the last flush and that
  // was at least `interval_ms` before `now_ms` (the stored last_seen counts
  // as the first flush: each device's writes follow its own arrival, so a
  // fleet's are spread over the interval rather than all at once).
  bool take_unflushed(int64_t now_ms, int64_t interval_ms, int64_t& last_seen, std::string& ip);

  // The last requests, for "the terminal shows online but no punches
  // arrive": kept in memory only, a fixed ring (no allocation per request).
  // 40 bytes, so a fleet of 10,000 holds its rings in 13 MB.
  struct RequestLogEntry {
    int64_t at_ms = 0;
    uint32_t request_bytes = 0, response_bytes = 0;
    uint32_t duration_us = 0;
    uint16_t status = 0;
    protocol::Endpoint endpoint{};
    char table[13] = {};  // the upload's table, if any (cut to 12 characters)
  };
  static constexpr std::size_t kRequestLogSize = 32;
  void log_request(const RequestLogEntry& entry);
  // Oldest first.
  std::vector<RequestLogEntry> recent_requests() const;

  // Command queue bookkeeping (see CommandQueue): whether commands may wait
  // in the store for this device. Noted when one is queued, here or on
  // another node (the change feed); cleared by a poll that found the queue
  // empty, unless one was noted since that poll looked (`generation`).
  bool commands_may_wait() const;
  void note_commands_waiting();
  uint64_t commands_generation() const;
  void clear_commands_waiting(uint64_t generation);
  // Only one getrequest per device assembles a batch at a time.
  bool begin_poll();
  void end_poll();

 private:
  void adopt_last_seen(int64_t at);  // with mu_ held
  void judge_dialect();              // with mu_ held (or in the constructor): sets speaks_access_

  const store::DeviceId id_;
  const std::string sn_;
  mutable std::mutex mu_;
  store::DeviceRow row_;          // guarded by mu_
  std::string live_ip_;           // guarded by mu_
  std::string accepted_token_;    // guarded by mu_; for row_.session_id
  std::atomic<bool> speaks_access_{false};  // judge_dialect()
  bool ip_dirty_ = false;         // guarded by mu_
  bool commands_may_wait_ = false;  // guarded by mu_
  uint64_t commands_generation_ = 0;  // guarded by mu_: notes so far
  bool polling_ = false;          // guarded by mu_
  std::array<RequestLogEntry, kRequestLogSize> request_log_{};  // guarded by mu_
  std::size_t request_log_next_ = 0;                            // guarded by mu_ (total logged)
  std::atomic<int64_t> last_seen_{0};
  std::atomic<int64_t> flushed_last_seen_{0};
  int64_t flushed_at_ = 0;  // guarded by mu_: when take_unflushed last gave something to write
  std::atomic<bool> stale_{false};
  std::atomic<bool> properties_stale_{false};
  std::atomic<bool> registered_here_{false};
};

}  // namespace zkpush::service
