// zkpush: a server for ZKTeco PUSH (iClock/ADMS) terminals.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/serve.h"
#include "cli/sim_command.h"
#include "cli/token_command.h"
#include "build_version.h"

int main(int argc, char** argv) {
  CLI::App app{"zkpush: a server for ZKTeco PUSH (iClock/ADMS) attendance and access terminals"};
  app.set_version_flag("--version", std::string("zkpush ") + ZKPUSH_VERSION);
  app.require_subcommand(1);

  // CLI11 reads config files at the top level only; `serve --config FILE`
  // reaches it by falling through. Keys sit under a [serve] section.
  app.set_config("--config", "", "Read options from a TOML/INI file: a [serve] section, keys as the long flag names");
  zkpush::cli::ServeOptions serve;
  auto* cmd = app.add_subcommand("serve", "Serve terminals and the JSON API");
  cmd->fallthrough();
  cmd->footer("Options can also come from a file: zkpush serve --config FILE, with the long flag names as keys\n"
              "under a [serve] section (listen = \"0.0.0.0:8081\"). Flags on the command line win.");
  cmd->add_option("--listen", serve.listen, "Address terminals connect to (HOST:PORT; port 0 = any)")
      ->capture_default_str();
  cmd->add_option("--api-listen", serve.api_listen, "Address of the JSON API (HOST:PORT)")->capture_default_str();
  cmd->add_option("--data", serve.data_dir, "Data directory (SQLite database, files/ for downloads)")
      ->capture_default_str();
  cmd->add_option("--log-level", serve.log_level, "trace, debug, info, warn, error, critical, off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  cmd->add_option("--durability", serve.durability,
                  "normal: commit survives a crash of the process; full: also a power loss (fsync per commit)")
      ->capture_default_str()
      ->check(CLI::IsMember({"normal", "full"}));
  cmd->add_option("--threads", serve.threads, "I/O threads (0 = one per core)")->capture_default_str();
  cmd->add_option("--command-timeout", serve.command_timeout_s,
                  "Seconds a sent command may wait for its reply before it is marked expired")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--command-retries", serve.command_retries,
                  "Times an unanswered command is sent again (after each timeout) before it expires")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  cmd->add_option("--max-commands-per-poll", serve.max_commands_per_poll,
                  "Most commands delivered in one getrequest reply")
      ->capture_default_str()
      ->check(CLI::Range(1, 200));
  cmd->add_option("--max-command-bytes", serve.max_command_bytes, "Most bytes in one getrequest reply")
      ->capture_default_str()
      ->check(CLI::Range(1024, 1 << 20));
  cmd->add_option("--webhook-max-attempts", serve.webhook_max_attempts,
                  "Attempts to deliver one event before it is given up (kept in the delivery log)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--webhook-first-backoff", serve.webhook_first_backoff_s,
                  "Seconds before the first retry of a failed webhook delivery (then doubling, with jitter)")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 3600.0));

  zkpush::cli::add_token_command(app);
  cmd->add_option("--admission", serve.admission,
                  "Terminals not yet approved or blocked: open (any SN is served), approve (registered as pending "
                  "until approved through the API), allowlist (refused unless approved)")
      ->capture_default_str()
      ->check(CLI::IsMember({"open", "approve", "allowlist"}));

  // Limits (docs/limits.md) and TLS.
  cmd->add_option("--max-header-bytes", serve.max_header_bytes, "Most bytes in a request head (larger: 431)")
      ->capture_default_str()
      ->check(CLI::Range(1024, 1 << 20));
  cmd->add_option("--max-body-bytes", serve.max_body_bytes,
                  "Most bytes in an upload body: photos, tgz packets (larger: 413; polls take 64 KiB)")
      ->capture_default_str()
      ->check(CLI::Range(64 * 1024, 1 << 30));
  cmd->add_option("--max-connections", serve.max_connections,
                  "Open connections per listener; more are closed at once (0 = open-file limit less 256)")
      ->capture_default_str();
  cmd->add_option("--max-connections-per-ip", serve.max_connections_per_ip,
                  "Open connections from one address per listener; more get 503 (0 = no limit)")
      ->capture_default_str();
  cmd->add_option("--read-timeout", serve.read_timeout_s,
                  "Seconds a request may take to arrive, head and body (slower: closed)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--idle-timeout", serve.idle_timeout_s, "Seconds a kept-alive connection may wait idle")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--tls-listen", serve.tls_listen,
                  "Address of an HTTPS listener for terminals, beside --listen (HOST:PORT; needs --tls-cert, --tls-key)");
  cmd->add_option("--tls-cert", serve.tls_cert, "PEM certificate chain of the terminals' HTTPS listener (re-read on SIGHUP)");
  cmd->add_option("--tls-key", serve.tls_key, "PEM private key of the terminals' HTTPS listener");
  cmd->add_option("--api-tls-cert", serve.api_tls_cert, "PEM certificate chain: the API listener speaks HTTPS");
  cmd->add_option("--api-tls-key", serve.api_tls_key, "PEM private key of the API's HTTPS listener");

  zkpush::sim::FleetOptions sim;
  std::string sim_profile = "2.4.1";
  auto* sim_cmd = zkpush::cli::add_sim_command(app, sim, sim_profile);

  CLI11_PARSE(app, argc, argv);
  if (cmd->parsed()) return zkpush::cli::serve(serve);
  if (sim_cmd->parsed()) {
    sim.terminal.profile = *zkpush::sim::profile_by_name(sim_profile);
    return zkpush::sim::run_sim(sim);
  }
  return 0;
}
