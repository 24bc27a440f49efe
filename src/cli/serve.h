// `zkpush serve`: wires the store, the device service and the listeners
// (devices over HTTP and optionally HTTPS, the JSON API), then runs until
// SIGTERM/SIGINT, draining in-flight requests and committing before it
// exits. SIGHUP re-reads the TLS certificates.
#pragma once

#include <cstddef>
#include <string>

#include "http/limits.h"
#include "service/config.h"
#include "service/webhook_options.h"

namespace zkpush::cli {

// The flags' defaults are the defaults of the settings they fill.
struct ServeOptions {
  std::string listen = "0.0.0.0:8081";
  std::string api_listen = "127.0.0.1:8082";
  std::string data_dir = "./data";
  std::string database;  // a PostgreSQL URI; empty: SQLite in data_dir
  std::string log_level = "info";
  std::string durability = "normal";  // or "full": fsync every commit
  int threads = 0;                    // 0 = one per core
  int last_seen_interval_s = 0;       // 0: 30 s on SQLite, 5 s in a cluster
  int command_timeout_s = static_cast<int>(service::ServiceConfig{}.command_timeout.count());
  int command_retries = service::ServiceConfig{}.command_retries;
  int max_commands_per_poll = service::ServiceConfig{}.max_commands_per_poll;
  std::size_t max_command_bytes = service::ServiceConfig{}.max_command_bytes;
  int webhook_max_attempts = service::WebhookOptions{}.max_attempts;
  double webhook_first_backoff_s = service::WebhookOptions{}.first_backoff.count() / 1000.0;
  // open | approve | allowlist (service/admission.h)
  std::string admission{store::admission_policy_name(service::ServiceConfig{}.admission)};

  // Limits (docs/limits.md). max_connections 0: derived from the open-file limit.
  std::size_t max_header_bytes = http::Limits{}.max_header_bytes;
  std::size_t max_body_bytes = http::Limits{}.max_body_bytes;
  std::size_t max_connections = http::Limits{}.max_connections;
  std::size_t max_connections_per_ip = http::Limits{}.max_connections_per_ip;
  int read_timeout_s = static_cast<int>(http::Limits{}.read_timeout.count());
  int idle_timeout_s = static_cast<int>(http::Limits{}.idle_timeout.count());

  // TLS: an HTTPS listener for terminals beside the plain one, and the API
  // listener over TLS; empty = off. Certificates are re-read on SIGHUP.
  std::string tls_listen;
  std::string tls_cert, tls_key;
  std::string api_tls_cert, api_tls_key;
  // The console's cookie is marked Secure even without api_tls (a proxy in
  // front terminates HTTPS).
  bool secure_cookies = false;
};

// Returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace zkpush::cli
