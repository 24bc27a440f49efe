#include "cli/sim_command.h"

#include <CLI/CLI.hpp>

namespace zkpush::cli {

CLI::App* add_sim_command(CLI::App& app, sim::FleetOptions& o, std::string& profile_name) {
  auto* cmd = app.add_subcommand("sim", "Emulate ZKTeco terminals against a PUSH server");
  cmd->add_option("--server", o.server_url, "Server for terminals, http://HOST:PORT")->required();
  cmd->add_option("--api", o.api_url, "The server's JSON API, http://HOST:PORT (for --verify)")
      ->default_str("http://127.0.0.1:8082");
  o.api_url = "http://127.0.0.1:8082";
  cmd->add_option("--devices", o.devices, "Number of terminals")->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--sn-prefix", o.sn_prefix, "Serial numbers are PREFIX00001, PREFIX00002, ...")
      ->capture_default_str();
  cmd->add_option_function<int>(
         "--duration", [&o](int s) { o.duration = std::chrono::seconds(s); }, "Seconds to run")
      ->default_str("10")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--rate", o.terminal.punches_per_minute, "Punches per terminal per minute")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 6000.0));
  cmd->add_option("--users", o.terminal.users, "Users enrolled on each terminal")->capture_default_str();
  cmd->add_option("--history", o.terminal.history, "Punches each terminal already holds at boot")
      ->capture_default_str();
  cmd->add_flag("--replay-history", o.terminal.replay_history,
                "Upload the whole history again after every boot, whatever the stamps (as an MB10-VL does)");
  cmd->add_option("--profile", profile_name, "Firmware dialect: legacy, 2.2.14, 2.4.1")
      ->capture_default_str()
      ->check(CLI::IsMember({"legacy", "2.2.14", "2.4.1"}));
  cmd->add_option("--language", o.terminal.language, "Language code sent at boot (83: Chinese, names in GB2312)")
      ->capture_default_str();
  cmd->add_flag("--keep-alive", o.http.keep_alive, "Keep connections open (firmware closes them by default)");
  cmd->add_option_function<int>(
         "--max-error-delay",
         [&o](int s) { o.terminal.max_error_delay = std::chrono::seconds(s); },
         "Wait at most this many seconds before a resend, whatever ErrorDelay says")
      ->check(CLI::Range(1, 3600));
  cmd->add_flag("--verify", o.verify,
                "After the run, check through the API that every acknowledged punch is stored exactly once and "
                "every command reached a final state; exit 1 if not");
  cmd->add_flag("!--no-progress", o.progress, "No live progress line");
  return cmd;
}

}  // namespace zkpush::cli
