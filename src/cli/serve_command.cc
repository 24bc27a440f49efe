#include "cli/serve_command.h"

#include <CLI/CLI.hpp>
#include <string>

namespace zkpush::cli {
namespace {

void add_listen_flags(CLI::App& cmd, ServeOptions& o) {
  cmd.add_option("--listen", o.listen, "Address terminals connect to (HOST:PORT; port 0 = any)")
      ->capture_default_str();
  cmd.add_option("--api-listen", o.api_listen, "Address of the JSON API (HOST:PORT)")->capture_default_str();
  cmd.add_option("--data", o.data_dir, "Data directory (SQLite database, files/ for downloads)")
      ->capture_default_str();
  cmd.add_option("--database", o.database,
                 "PostgreSQL instead of SQLite: a libpq URI, postgresql://USER:PASS@HOST:PORT/DB (or ZKPUSH_DATABASE)")
      ->envname("ZKPUSH_DATABASE");
  cmd.add_option("--log-level", o.log_level, "trace, debug, info, warn, error, critical, off")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  cmd.add_option("--durability", o.durability,
                 "normal: commit survives a crash of the process; full: also a power loss (fsync per commit)")
      ->capture_default_str()
      ->check(CLI::IsMember({"normal", "full"}));
  cmd.add_option("--threads", o.threads, "I/O threads (0 = one per core)")->capture_default_str();
  cmd.add_option("--last-seen-interval", o.last_seen_interval_s,
                 "Seconds between writes of when terminals were last seen (0: 30, or 5 with --database so the node "
                 "judging online/offline sees every node's terminals)")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
}

void add_command_flags(CLI::App& cmd, ServeOptions& o) {
  cmd.add_option("--command-timeout", o.command_timeout_s,
                 "Seconds a sent command may wait for its reply before it is marked expired")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd.add_option("--command-retries", o.command_retries,
                 "Times an unanswered command is sent again (after each timeout) before it expires")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  cmd.add_option("--max-commands-per-poll", o.max_commands_per_poll, "Most commands delivered in one getrequest reply")
      ->capture_default_str()
      ->check(CLI::Range(1, 200));
  cmd.add_option("--max-command-bytes", o.max_command_bytes, "Most bytes in one getrequest reply")
      ->capture_default_str()
      ->check(CLI::Range(1024, 1 << 20));
}

void add_webhook_and_admission_flags(CLI::App& cmd, ServeOptions& o) {
  cmd.add_option("--webhook-max-attempts", o.webhook_max_attempts,
                 "Attempts to deliver one event before it is given up (kept in the delivery log)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd.add_option("--webhook-first-backoff", o.webhook_first_backoff_s,
                 "Seconds before the first retry of a failed webhook delivery (then doubling, with jitter)")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 3600.0));
  cmd.add_option("--admission", o.admission,
                 "Terminals not yet approved or blocked: open (any SN is served), approve (registered as pending "
                 "until approved through the API), allowlist (refused unless approved)")
      ->capture_default_str()
      ->check(CLI::IsMember({"open", "approve", "allowlist"}));
}

// Limits (docs/limits.md).
void add_limit_flags(CLI::App& cmd, ServeOptions& o) {
  cmd.add_option("--max-header-bytes", o.max_header_bytes, "Most bytes in a request head (larger: 431)")
      ->capture_default_str()
      ->check(CLI::Range(1024, 1 << 20));
  const std::string small_kib = std::to_string(http::Limits{}.max_small_body_bytes / 1024);
  cmd.add_option("--max-body-bytes", o.max_body_bytes,
                 "Most bytes in an upload body: photos, tgz packets, files put through the API (larger: 413; polls take " + small_kib + " KiB)")
      ->capture_default_str()
      ->check(CLI::Range(64 * 1024, 1 << 30));
  cmd.add_option("--max-connections", o.max_connections,
                 "Open connections per listener; more are closed at once (0 = open-file limit less 256)")
      ->capture_default_str();
  cmd.add_option("--max-connections-per-ip", o.max_connections_per_ip,
                 "Open connections from one address per listener; more get 503 (0 = no limit)")
      ->capture_default_str();
  cmd.add_option("--read-timeout", o.read_timeout_s,
                 "Seconds a request may take to arrive, head and body (slower: closed)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd.add_option("--idle-timeout", o.idle_timeout_s, "Seconds a kept-alive connection may wait idle")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
}

void add_tls_flags(CLI::App& cmd, ServeOptions& o) {
  cmd.add_option("--tls-listen", o.tls_listen,
                 "Address of an HTTPS listener for terminals, beside --listen (HOST:PORT; needs --tls-cert, --tls-key)");
  cmd.add_option("--tls-cert", o.tls_cert, "PEM certificate chain of the terminals' HTTPS listener (re-read on SIGHUP)");
  cmd.add_option("--tls-key", o.tls_key, "PEM private key of the terminals' HTTPS listener");
  cmd.add_option("--api-tls-cert", o.api_tls_cert, "PEM certificate chain: the API listener speaks HTTPS");
  cmd.add_option("--api-tls-key", o.api_tls_key, "PEM private key of the API's HTTPS listener");
  cmd.add_flag("--secure-cookies", o.secure_cookies,
               "Mark the console's session cookie Secure although the API listener is plain HTTP (a reverse proxy "
               "in front of it speaks HTTPS); with --api-tls-cert it always is");
}

}  // namespace

CLI::App* add_serve_command(CLI::App& app, ServeOptions& options) {
  // CLI11 reads config files at the top level only; `serve --config FILE`
  // reaches it by falling through. Keys sit under a [serve] section.
  app.set_config("--config", "", "Read options from a TOML/INI file: a [serve] section, keys as the long flag names");
  auto* cmd = app.add_subcommand("serve", "Serve terminals and the JSON API");
  cmd->fallthrough();
  cmd->footer("Options can also come from a file: zkpush serve --config FILE, with the long flag names as keys\n"
              "under a [serve] section (listen = \"0.0.0.0:8081\"). Flags on the command line win.");
  add_listen_flags(*cmd, options);
  add_command_flags(*cmd, options);
  add_webhook_and_admission_flags(*cmd, options);
  add_limit_flags(*cmd, options);
  add_tls_flags(*cmd, options);
  return cmd;
}

}  // namespace zkpush::cli
