#include "sim/stats.h"

#include <algorithm>
#include <cstdio>

namespace zkpush::sim {
namespace {

double seconds(std::chrono::steady_clock::duration d) {
  return std::max(1e-3, std::chrono::duration<double>(d).count());
}

std::string percentile_ms(std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return "-";
  const std::size_t i = std::min(sorted.size() - 1, static_cast<std::size_t>(p * (sorted.size() - 1) + 0.5));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", sorted[i] / 1000.0);
  return buf;
}

}  // namespace

void Stats::record(const std::string& endpoint, const HttpResult& result) {
  auto& e = endpoints_[endpoint];
  ++e.requests;
  e.latency_us.push_back(static_cast<uint32_t>(std::min<long long>(result.latency.count(), UINT32_MAX)));
  if (!result.error.empty()) ++errors_[result.error];
  else if (result.status != 200) ++errors_["HTTP " + std::to_string(result.status)];
}

uint64_t Stats::requests() const {
  uint64_t n = 0;
  for (const auto& [name, e] : endpoints_) n += e.requests;
  return n;
}

uint64_t Stats::error_count() const {
  uint64_t n = 0;
  for (const auto& [kind, count] : errors_) n += count;
  return n;
}

std::string Stats::progress_line(std::chrono::steady_clock::duration elapsed) const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%6.1fs  terminals %d  requests %llu (%.0f/s)  punches sent %llu acked %llu  errors %llu",
                seconds(elapsed), terminals_booted, static_cast<unsigned long long>(requests()),
                requests() / seconds(elapsed), static_cast<unsigned long long>(records_sent),
                static_cast<unsigned long long>(records_acked), static_cast<unsigned long long>(error_count()));
  return buf;
}

std::string Stats::summary(std::chrono::steady_clock::duration elapsed) const {
  std::string out;
  char buf[200];
  std::snprintf(buf, sizeof buf, "%-12s %10s %10s %9s %9s %9s %9s\n", "endpoint", "requests", "req/s", "p50 ms",
                "p95 ms", "p99 ms", "max ms");
  out += buf;
  for (auto [name, e] : endpoints_) {  // a copy: sorting the samples
    std::sort(e.latency_us.begin(), e.latency_us.end());
    std::snprintf(buf, sizeof buf, "%-12s %10llu %10.1f %9s %9s %9s %9s\n", name.c_str(),
                  static_cast<unsigned long long>(e.requests), e.requests / seconds(elapsed),
                  percentile_ms(e.latency_us, 0.50).c_str(), percentile_ms(e.latency_us, 0.95).c_str(),
                  percentile_ms(e.latency_us, 0.99).c_str(), percentile_ms(e.latency_us, 1.0).c_str());
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "punches: %llu sent, %llu acknowledged; commands executed: %llu\n",
                static_cast<unsigned long long>(records_sent), static_cast<unsigned long long>(records_acked),
                static_cast<unsigned long long>(commands_executed));
  out += buf;
  if (errors_.empty()) {
    out += "errors: none\n";
  } else {
    out += "errors:";
    for (const auto& [kind, count] : errors_) out += " " + kind + " x" + std::to_string(count) + ";";
    out += "\n";
  }
  return out;
}

}  // namespace zkpush::sim
