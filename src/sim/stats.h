// What a simulation run measured: requests and latency per endpoint, records
// sent and acknowledged, errors by kind. One Stats per run, used from the
// emulator's single I/O thread (no locking).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/http_client.h"

namespace zkpush::sim {

class Stats {
 public:
  void record(const std::string& endpoint, const HttpResult& result);
  void count_error(const std::string& kind) { ++errors_[kind]; }

  uint64_t records_sent = 0;     // attendance records posted (resends included)
  uint64_t records_acked = 0;    // attendance records the server acknowledged
  uint64_t commands_executed = 0;
  int terminals_booted = 0;

  uint64_t requests() const;
  uint64_t error_count() const;
  // One line for the live progress display.
  std::string progress_line(std::chrono::steady_clock::duration elapsed) const;
  // The end-of-run summary: per endpoint requests/s and p50/p95/p99/max latency.
  std::string summary(std::chrono::steady_clock::duration elapsed) const;

 private:
  struct Endpoint {
    uint64_t requests = 0;
    std::vector<uint32_t> latency_us;
  };
  std::map<std::string, Endpoint> endpoints_;
  std::map<std::string, uint64_t> errors_;
};

}  // namespace zkpush::sim
