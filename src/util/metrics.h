// Counters and histograms for GET /metrics (Prometheus text format), kept in
// fixed arrays of atomics so that counting a device request costs no lock
// and no allocation. One process-wide instance, metrics(); gauges that are
// read at scrape time (devices online, commands by state...) are added by
// the API when it renders.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace zkpush {

// Cumulative buckets, in seconds.
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};
  void observe(double seconds);
  // Appends the _bucket, _sum and _count lines of `name` with `labels`
  // ("" or `endpoint="cdata"`).
  void render(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};  // the last one is +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
};

class Metrics {
 public:
  // The device endpoints, as protocol::Endpoint names them ("cdata", ...).
  static constexpr std::size_t kMaxEndpoints = 16;
  static constexpr std::array<int, 10> kStatuses = {200, 206, 400, 401, 403, 404, 413, 431, 500, 503};

  // One answered device request: its endpoint index (< kMaxEndpoints) and name.
  void device_request(std::size_t endpoint, std::string_view endpoint_name, int status, double seconds);
  // Records stored from terminals, by table.
  void records_ingested(std::string_view table, uint64_t count);
  void store_commit(double seconds);

  std::string render() const;

 private:
  struct EndpointCounters {
    std::atomic<const char*> name{nullptr};
    std::array<std::atomic<uint64_t>, kStatuses.size() + 1> by_status{};  // the last: any other status
    Histogram latency;
  };
  static constexpr std::array<std::string_view, 6> kTables = {"ATTLOG", "OPERLOG", "ATTPHOTO", "BIODATA",
                                                               "ERRORLOG", "other"};
  std::array<EndpointCounters, kMaxEndpoints> endpoints_{};
  std::array<std::atomic<uint64_t>, kTables.size()> records_{};
  Histogram commits_;
};

Metrics& metrics();

}  // namespace zkpush
