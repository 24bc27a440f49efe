// `zkpush serve`: wires the store, the device service and the listeners
// (devices over HTTP and optionally HTTPS, the JSON API), then runs until
// SIGTERM/SIGINT, draining in-flight requests and committing before it
// exits. SIGHUP re-reads the TLS certificates.
#pragma once

#include <cstddef>
#include <string>

namespace zkpush::cli {

struct ServeOptions {
  std::string listen = "0.0.0.0:8081";
  std::string api_listen = "127.0.0.1:8082";
  std::string data_dir = "./data";
  std::string log_level = "info";
  std::string durability = "normal";  // or "full": fsync every commit
  int threads = 0;                    // 0 = one per core
  int command_timeout_s = 600;
  int command_retries = 0;
  int max_commands_per_poll = 200;
  int max_command_bytes = 64 * 1024;
  int webhook_max_attempts = 15;
  double webhook_first_backoff_s = 1;  // then doubling, with jitter, up to an hour
  std::string admission = "open";  // open | approve | allowlist (service/admission.h)

  // Limits (docs/limits.md). max_connections 0: derived from the open-file limit.
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 64 * 1024 * 1024;
  std::size_t max_connections = 0;
  std::size_t max_connections_per_ip = 256;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;

  // TLS: an HTTPS listener for terminals beside the plain one, and the API
  // listener over TLS; empty = off. Certificates are re-read on SIGHUP.
  std::string tls_listen;
  std::string tls_cert, tls_key;
  std::string api_tls_cert, api_tls_key;
};

// Returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace zkpush::cli
