#include "util/metrics.h"

#include <cstdio>

namespace zkpush {

namespace {

void append_number(std::string& out, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  out += text;
}

}  // namespace

void Histogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
  uint64_t cumulative = 0;
  const std::string sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"");
    if (i < kBounds.size()) append_number(out, kBounds[i]);
    else out += "+Inf";
    out += "\"} " + std::to_string(cumulative) + "\n";
  }
  const std::string braces = labels.empty() ? "" : "{" + std::string(labels) + "}";
  out.append(name).append("_sum").append(braces).append(" ");
  append_number(out, static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6);
  out += "\n";
  out.append(name).append("_count").append(braces).append(" ");
  out += std::to_string(count_.load(std::memory_order_relaxed)) + "\n";
}

void Metrics::device_request(std::size_t endpoint, std::string_view endpoint_name, int status, double seconds) {
  if (endpoint >= kMaxEndpoints) return;
  EndpointCounters& e = endpoints_[endpoint];
  if (e.name.load(std::memory_order_relaxed) == nullptr) e.name.store(endpoint_name.data(), std::memory_order_relaxed);
  std::size_t s = 0;
  while (s < kStatuses.size() && kStatuses[s] != status) ++s;
  e.by_status[s].fetch_add(1, std::memory_order_relaxed);
  e.latency.observe(seconds);
}

void Metrics::records_ingested(std::string_view table, uint64_t count) {
  std::size_t i = 0;
  while (i + 1 < kTables.size() && kTables[i] != table) ++i;
  records_[i].fetch_add(count, std::memory_order_relaxed);
}

void Metrics::store_commit(double seconds) { commits_.observe(seconds); }

std::string Metrics::render() const {
  std::string out;
  out += "# HELP zkpush_device_requests_total Requests from terminals, by endpoint and HTTP status.\n"
         "# TYPE zkpush_device_requests_total counter\n";
  for (const auto& e : endpoints_) {
    const char* name = e.name.load(std::memory_order_relaxed);
    if (name == nullptr) continue;
    for (std::size_t s = 0; s <= kStatuses.size(); ++s) {
      const uint64_t n = e.by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += "zkpush_device_requests_total{endpoint=\"" + std::string(name) + "\",status=\"" +
             (s < kStatuses.size() ? std::to_string(kStatuses[s]) : std::string("other")) + "\"} " +
             std::to_string(n) + "\n";
    }
  }
  out += "# HELP zkpush_device_request_duration_seconds Time from a device request's arrival to its answer.\n"
         "# TYPE zkpush_device_request_duration_seconds histogram\n";
  for (const auto& e : endpoints_) {
    const char* name = e.name.load(std::memory_order_relaxed);
    if (name == nullptr) continue;
    e.latency.render(out, "zkpush_device_request_duration_seconds", "endpoint=\"" + std::string(name) + "\"");
  }
  out += "# HELP zkpush_records_ingested_total Records stored from terminals, by table.\n"
         "# TYPE zkpush_records_ingested_total counter\n";
  for (std::size_t i = 0; i < kTables.size(); ++i)
    out += "zkpush_records_ingested_total{table=\"" + std::string(kTables[i]) + "\"} " +
           std::to_string(records_[i].load(std::memory_order_relaxed)) + "\n";
  out += "# HELP zkpush_store_commit_duration_seconds Time of one group commit.\n"
         "# TYPE zkpush_store_commit_duration_seconds histogram\n";
  commits_.render(out, "zkpush_store_commit_duration_seconds", "");
  return out;
}

Metrics& metrics() {
  static Metrics instance;
  return instance;
}

}  // namespace zkpush
