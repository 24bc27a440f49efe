// What a simulation run measured: requests and latency per endpoint, records
// sent and acknowledged, errors by kind. One Stats per run, used from the
// emulator's single I/O thread (no locking).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/http_client.h"

namespace zkpush::sim {

class Stats {
 public:
  using Clock = std::chrono::steady_clock;

  void record(const std::string& endpoint, const HttpResult& result);
  void count_error(const std::string& kind) { ++errors_[kind]; }
  void count_injected(const std::string& fault) { ++injected_[fault]; }
  // A terminal finished its first upload after boot (--exit-after-upload).
  void upload_finished(Clock::time_point when) { last_upload_done_ = std::max(last_upload_done_, when); }

  uint64_t records_sent = 0;     // attendance records posted (resends included)
  uint64_t records_acked = 0;    // attendance records the server acknowledged
  uint64_t photos_acked = 0;
  uint64_t commands_executed = 0;
  int terminals_booted = 0;

  uint64_t requests() const;
  uint64_t injected(const std::string& fault) const;
  uint64_t error_count() const;
  // One line for the live progress display.
  std::string progress_line(std::chrono::steady_clock::duration elapsed) const;
  // The end-of-run summary: per endpoint requests/s and p50/p95/p99/max latency.
  std::string summary(std::chrono::steady_clock::duration elapsed) const;
  // The same as "key value" lines for scripts (`--stats-file`): elapsed_s,
  // upload_s (start to the last finished first upload), records_sent,
  // records_acked, photos_acked, commands_executed, terminals_booted,
  // requests, errors, latency_{p50,p95,p99,max}_ms over all requests, then
  // requests.<endpoint>, latency_p99_ms.<endpoint>, errors.<kind> and
  // injected.<fault> (spaces in names become '_').
  std::string key_values(std::chrono::steady_clock::duration elapsed) const;

 private:
  struct Endpoint {
    uint64_t requests = 0;
    std::vector<uint32_t> latency_us;
  };
  std::map<std::string, Endpoint> endpoints_;
  std::map<std::string, uint64_t> errors_;
  std::map<std::string, uint64_t> injected_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_upload_done_{};
};

}  // namespace zkpush::sim
