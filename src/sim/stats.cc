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

uint64_t Stats::injected(const std::string& fault) const {
  auto it = injected_.find(fault);
  return it == injected_.end() ? 0 : it->second;
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
  std::vector<uint32_t> all;
  auto row = [&](const std::string& name, uint64_t requests, std::vector<uint32_t>& latency) {
    std::sort(latency.begin(), latency.end());
    std::snprintf(buf, sizeof buf, "%-12s %10llu %10.1f %9s %9s %9s %9s\n", name.c_str(),
                  static_cast<unsigned long long>(requests), requests / seconds(elapsed),
                  percentile_ms(latency, 0.50).c_str(), percentile_ms(latency, 0.95).c_str(),
                  percentile_ms(latency, 0.99).c_str(), percentile_ms(latency, 1.0).c_str());
    out += buf;
  };
  for (auto [name, e] : endpoints_) {  // a copy: sorting the samples
    all.insert(all.end(), e.latency_us.begin(), e.latency_us.end());
    row(name, e.requests, e.latency_us);
  }
  row("all", requests(), all);
  std::snprintf(buf, sizeof buf, "punches: %llu sent, %llu acknowledged; photos acknowledged: %llu; commands executed: %llu\n",
                static_cast<unsigned long long>(records_sent), static_cast<unsigned long long>(records_acked),
                static_cast<unsigned long long>(photos_acked), static_cast<unsigned long long>(commands_executed));
  out += buf;
  auto counts = [&out](const char* title, const std::map<std::string, uint64_t>& counts) {
    out += title;
    if (counts.empty()) out += " none";
    for (const auto& [kind, count] : counts) out += " " + kind + " x" + std::to_string(count) + ";";
    out += "\n";
  };
  counts("errors:", errors_);
  if (!injected_.empty()) counts("faults injected:", injected_);
  return out;
}

std::string Stats::key_values(std::chrono::steady_clock::duration elapsed) const {
  std::string out;
  auto line = [&out](std::string key, const std::string& value) {
    std::replace(key.begin(), key.end(), ' ', '_');
    out += key + " " + value + "\n";
  };
  auto number = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return std::string(buf);
  };
  line("elapsed_s", number(seconds(elapsed)));
  const bool uploads_done = last_upload_done_ != Clock::time_point{};
  line("upload_s", uploads_done ? number(seconds(last_upload_done_ - start_)) : "-");
  line("records_sent", std::to_string(records_sent));
  line("records_acked", std::to_string(records_acked));
  line("photos_acked", std::to_string(photos_acked));
  line("commands_executed", std::to_string(commands_executed));
  line("terminals_booted", std::to_string(terminals_booted));
  line("requests", std::to_string(requests()));
  line("errors", std::to_string(error_count()));
  std::vector<uint32_t> all;
  for (auto [name, e] : endpoints_) {
    all.insert(all.end(), e.latency_us.begin(), e.latency_us.end());
    std::sort(e.latency_us.begin(), e.latency_us.end());
    line("requests." + name, std::to_string(e.requests));
    line("latency_p99_ms." + name, percentile_ms(e.latency_us, 0.99));
  }
  std::sort(all.begin(), all.end());
  line("latency_p50_ms", percentile_ms(all, 0.50));
  line("latency_p95_ms", percentile_ms(all, 0.95));
  line("latency_p99_ms", percentile_ms(all, 0.99));
  line("latency_max_ms", percentile_ms(all, 1.0));
  for (const auto& [kind, count] : errors_) line("errors." + kind, std::to_string(count));
  for (const auto& [fault, count] : injected_) line("injected." + fault, std::to_string(count));
  return out;
}

}  // namespace zkpush::sim
