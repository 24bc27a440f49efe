// Codec throughput: how many lines, replies and handshakes per second the
// pure functions of src/protocol turn around on one core.
//
// Why: the ingest target (>= 100,000 durable records/s, bench/run.sh) is only
// reachable if parsing costs a small fraction of a record's budget; the store
// (storage_roof_bench.cc) and the HTTP layer take the rest. Each benchmark
// parses what a terminal really sends, built from the field captures:
//   ATTLOG     a 128-line batch, half 7-field lines with the trailing TAB of
//              R02/R13, half 11-field lines with a sequence number (R09)
//   USER       OPERLOG USER lines as R32 sends them
//   FP         OPERLOG FP lines with a 1,608-character base64 TMP (R06's Size)
//   devicecmd  eight batched acks (R34, D08) followed by the INFO reply of R27
//   handshake  the options block the server sends (service/handshake.cc): the
//              nine stamps plus ServiceConfig's defaults, 24 keys
// Rates are per item (SetItemsProcessed): lines, replies or handshakes per
// second. A fresh ParsedUpload per iteration, as the server does per request.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "protocol/devicecmd.h"
#include "protocol/format.h"
#include "protocol/upload.h"
#include "service/config.h"

namespace {

using namespace zkpush;

constexpr int kAttlogLines = 128;
constexpr int kUserLines = 64;
constexpr int kFpLines = 16;
constexpr int kFpTmpChars = 1608;  // R06: Size=1608
constexpr int kBatchedAcks = 8;

// "2026-11-21 08:MM:SS", advancing one punch every 7 seconds.
std::string punch_time(int i) {
  const int s = i * 7;
  char buf[32];
  std::snprintf(buf, sizeof buf, "2026-11-21 %02d:%02d:%02d", 8 + s / 3600, s / 60 % 60, s % 60);
  return buf;
}

std::string attlog_body() {
  std::string body;
  for (int i = 0; i < kAttlogLines; ++i) {
    const std::string pin = std::to_string(1000 + i * 37 % 500);
    const char* verify = i % 3 ? "1" : "15";
    if (i % 2) {  // 11 fields, R09
      body += pin + "\t" + punch_time(i) + "\t0\t" + verify + "\t0\t0\t0\t0\t0\t0\t" + std::to_string(10881 + i) + "\n";
    } else {  // 7 fields and a trailing TAB, R02
      body += pin + "\t" + punch_time(i) + "\t0\t" + verify + "\t0\t0\t0\t\n";
    }
  }
  return body;
}

std::string user_body() {
  std::string body;
  for (int i = 0; i < kUserLines; ++i) {
    body += "USER PIN=" + std::to_string(1000 + i) + "\tName=Employee " + std::to_string(i) +
            "\tPri=0\tPasswd=\tCard=" + std::to_string(4000000 + i) +
            "\tGrp=1\tTZ=0000000100000000\tVerify=-1\tViceCard=\tStartDatetime=0\tEndDatetime=0\n";
  }
  return body;
}

// Deterministic base64 text of the given length (a multiple of 4).
std::string fake_template(int chars, int seed) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out(static_cast<std::size_t>(chars), 'A');
  unsigned x = 2463534242u + static_cast<unsigned>(seed);
  for (char& c : out) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    c = kAlphabet[x % 64];
  }
  return out;
}

std::string fp_body() {
  std::string body;
  for (int i = 0; i < kFpLines; ++i) {
    body += "FP PIN=" + std::to_string(1000 + i / 2) + "\tFID=" + std::to_string(i % 2) +
            "\tSize=" + std::to_string(kFpTmpChars) + "\tValid=1\tTMP=" + fake_template(kFpTmpChars, i) + "\n";
  }
  return body;
}

// The body of a captured request: everything after the blank line.
std::string capture_body(const std::string& name) {
  std::ifstream in(std::string(ZKPUSH_CAPTURES_DIR) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  const std::size_t head_end = all.find("\r\n\r\n");
  return head_end == std::string::npos ? std::string() : all.substr(head_end + 4);
}

std::string devicecmd_body() {
  std::string body;
  for (int i = 0; i < kBatchedAcks; ++i) body += "ID=" + std::to_string(100 + i) + "&Return=0&CMD=DATA\n";
  return body + capture_body("R27-sa40-devicecmd-info.http");
}

// What service::handshake_options() sends a PUSH 2.4 terminal.
protocol::Fields handshake_fields() {
  protocol::Fields options;
  for (const char* table : {"ATTLOG", "OPERLOG", "ATTPHOTO", "BIODATA", "IDCARD", "ERRORLOG"})
    options.emplace_back(std::string(table) + "Stamp", "1732178400");
  for (const char* key : {"Stamp", "OpStamp", "PhotoStamp"}) options.emplace_back(key, "1732178400");
  for (auto [key, value] : service::ServiceConfig{}.handshake_defaults) {
    if (key == "TransFlag")
      value = protocol::format_trans_flag({"AttLog", "OpLog", "AttPhoto", "EnrollUser", "ChgUser", "EnrollFP", "ChgFP",
                                           "FPImag", "FACE", "UserPic", "WORKCODE", "BioPhoto"},
                                          false);
    if (key == "TimeZone") value = "330";
    options.emplace_back(key, value);
  }
  return options;
}

// Parses `body` with `parse` and checks every line became a record.
template <typename Parse>
void upload_benchmark(benchmark::State& state, const std::string& body, int lines, Parse parse) {
  {
    protocol::ParsedUpload check;
    parse(body, check);
    if (check.lines != lines || !check.rejected.empty()) {
      state.SkipWithError("the codec did not accept every line of the benchmark body");
      return;
    }
  }
  for (auto _ : state) {
    protocol::ParsedUpload parsed;
    parse(body, parsed);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations() * lines);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}

void BM_ParseAttlog(benchmark::State& state) {
  upload_benchmark(state, attlog_body(), kAttlogLines, protocol::parse_attlog);
}
BENCHMARK(BM_ParseAttlog);

void BM_ParseOperlogUser(benchmark::State& state) {
  upload_benchmark(state, user_body(), kUserLines, protocol::parse_operlog);
}
BENCHMARK(BM_ParseOperlogUser);

void BM_ParseOperlogFp(benchmark::State& state) {
  upload_benchmark(state, fp_body(), kFpLines, protocol::parse_operlog);
}
BENCHMARK(BM_ParseOperlogFp);

void BM_ParseDevicecmd(benchmark::State& state) {
  const std::string body = devicecmd_body();
  const auto replies = protocol::parse_devicecmd(body);
  if (replies.size() != kBatchedAcks + 1 || replies.back().fields.size() < 50) {
    state.SkipWithError("R27 capture missing or not parsed as batched acks + INFO");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(protocol::parse_devicecmd(body));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(replies.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_ParseDevicecmd);

void BM_FormatHandshake(benchmark::State& state) {
  const protocol::Fields options = handshake_fields();
  for (auto _ : state) benchmark::DoNotOptimize(protocol::format_handshake("CQZ7231360296", options));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(options.size()) + " options");  // a counter would break --benchmark_out=csv
}
BENCHMARK(BM_FormatHandshake);

}  // namespace

BENCHMARK_MAIN();
