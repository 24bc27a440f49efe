#include "cli/sim_command.h"

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "cli/serve.h"

namespace zkpush::cli {
namespace {

// "--fault KIND=VALUE": the share of requests (or reboots per hour) hit by one kind of fault.
std::string set_fault(sim::FaultOptions& faults, const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos) return "expected KIND=VALUE, got " + spec;
  const std::string kind = spec.substr(0, eq);
  char* end = nullptr;
  const double value = std::strtod(spec.c_str() + eq + 1, &end);
  if (end == spec.c_str() + eq + 1 || *end != '\0' || value < 0) return "not a number >= 0: " + spec;
  if (kind == "reboot") {
    faults.reboots_per_hour = value;
    return {};
  }
  if (value > 1) return kind + ": a share between 0 and 1";
  if (kind == "drop") faults.drop_mid_body = value;
  else if (kind == "stall") faults.stall = value;
  else if (kind == "duplicate") faults.duplicate = value;
  else if (kind == "garbage") faults.garbage = value;
  else return "unknown fault " + kind + " (drop, stall, duplicate, garbage, reboot)";
  return {};
}

// Where the terminals and the checks connect.
void add_server_flags(CLI::App& cmd, sim::FleetOptions& o) {
  cmd.add_option("--server", o.server_url, "Server for terminals, http://HOST:PORT")->required();
  o.api_url = "http://" + ServeOptions{}.api_listen;  // where `zkpush serve` puts it
  cmd.add_option("--api", o.api_url, "The server's JSON API, http://HOST:PORT (for --verify and scripts' assert server)")
      ->default_str(o.api_url);
  cmd.add_option("--api-token", o.api_token, "API token for --api (a read token is enough); or ZKPUSH_API_TOKEN")
      ->envname("ZKPUSH_API_TOKEN");
}

// How many terminals, for how long, doing what.
void add_fleet_flags(CLI::App& cmd, sim::FleetOptions& o) {
  cmd.add_option("--devices", o.devices, "Number of terminals")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd.add_option("--sn-prefix", o.sn_prefix, "Serial numbers are PREFIX00001, PREFIX00002, ...")
      ->capture_default_str();
  cmd.add_option_function<int>(
         "--duration", [&o](int s) { o.duration = std::chrono::seconds(s); }, "Seconds to run")
      ->default_str(std::to_string(o.duration.count()))
      ->check(CLI::Range(1, 86400));
  cmd.add_option("--rate", o.terminal.punches_per_minute, "Punches per terminal per minute")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 6000.0));
  cmd.add_option("--enrol-rate", o.terminal.enrolments_per_hour,
                 "People enrolling at each terminal per hour (USER, fingerprint/face, operation log)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 36000.0));
  cmd.add_option("--photo-share", o.terminal.photo_share, "Share of punches that take an attendance photo (0..1)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd.add_option("--users", o.terminal.users, "Users enrolled on each terminal")->capture_default_str();
  cmd.add_option("--history", o.terminal.history, "Punches each terminal already holds at boot")
      ->capture_default_str();
  cmd.add_flag("--replay-history", o.terminal.replay_history,
                "Upload the whole history again after every boot, whatever the stamps (as an MB10-VL does)");
  cmd.add_flag("--exit-after-upload", o.terminal.exit_after_upload,
                "Each terminal stops once its first upload after boot is acknowledged (benchmarks)");
  cmd.add_option_function<double>(
         "--ramp", [&o](double s) { o.ramp = std::chrono::milliseconds(static_cast<long long>(s * 1000)); },
         "Spread the terminals' boots evenly over this many seconds")
      ->check(CLI::Range(0.0, 3600.0));
}

void add_fault_flags(CLI::App& cmd, sim::FleetOptions& o) {
  cmd.add_option_function<std::vector<std::string>>(
         "--fault",
         [&o](const std::vector<std::string>& specs) {
           for (const auto& spec : specs)
             if (auto error = set_fault(o.terminal.faults, spec); !error.empty()) throw CLI::ValidationError("--fault", error);
         },
         "Inject failures, repeatable: drop=SHARE (posts cut mid-body), stall=SHARE (slow sender), "
         "duplicate=SHARE (acknowledged posts sent twice), garbage=SHARE (ATTLOG batches with an unreadable "
         "line), reboot=PER_HOUR")
      ->take_all();
  cmd.add_option("--clock-skew", o.terminal.faults.clock_skew_s,
                 "Seconds the terminals' clocks run ahead of the server's (negative: behind)");
  cmd.add_option("--seed", o.terminal.seed, "Seed for the random faults and enrolments")->capture_default_str();
}

// How the terminals talk: firmware dialect, language, connections, resends.
void add_dialect_flags(CLI::App& cmd, sim::FleetOptions& o, std::string& profile_name) {
  cmd.add_option("--profile", profile_name,
                 "Firmware dialect: legacy, 2.2.14, 2.4.1 (attendance), canteen (consumption terminals, spec 001: "
                 "--rate is sales per minute), access (access panels, Security PUSH: --rate is people at the "
                 "readers per minute)")
      ->capture_default_str()
      ->check(CLI::IsMember({"legacy", "2.2.14", "2.4.1", "canteen", "access"}));
  cmd.add_option("--doors", o.terminal.doors, "Doors of each access panel (--profile access)")
      ->capture_default_str()
      ->check(CLI::IsMember({1, 2, 4}));
  cmd.add_option("--language", o.terminal.language, "Language code sent at boot (83: Chinese, names in GB2312)")
      ->capture_default_str();
  cmd.add_flag("--keep-alive", o.http.keep_alive, "Keep connections open (firmware closes them by default)");
  cmd.add_option_function<double>(
         "--max-error-delay",
         [&o](double s) { o.terminal.max_error_delay = std::chrono::milliseconds(static_cast<long long>(s * 1000)); },
         "Wait at most this many seconds before a resend, whatever ErrorDelay says")
      ->check(CLI::Range(0.0, 3600.0));
}

// What the run checks and writes.
void add_run_flags(CLI::App& cmd, sim::FleetOptions& o) {
  cmd.add_flag("--verify", o.verify,
                "After the run, check through the API that every acknowledged punch is stored exactly once and "
                "every command reached a final state; exit 1 if not");
  cmd.add_flag("!--no-progress", o.progress, "No live progress line");
  cmd.add_option("--script", o.script,
                 "Run this scenario on one terminal (PREFIX00001) instead of a fleet; see docs/sim-scripts.md")
      ->check(CLI::ExistingFile);
  cmd.add_option("--stats-file", o.stats_file, "Also write the summary as \"key value\" lines to this file");
}

}  // namespace

CLI::App* add_sim_command(CLI::App& app, sim::FleetOptions& o, std::string& profile_name) {
  auto* cmd = app.add_subcommand("sim", "Emulate ZKTeco terminals against a PUSH server");
  add_server_flags(*cmd, o);
  add_fleet_flags(*cmd, o);
  add_fault_flags(*cmd, o);
  add_dialect_flags(*cmd, o, profile_name);
  add_run_flags(*cmd, o);
  return cmd;
}

}  // namespace zkpush::cli
