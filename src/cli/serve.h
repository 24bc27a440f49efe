// `zkpush serve`: wires the store, the device service and the two listeners
// (devices, JSON API), then runs until SIGTERM/SIGINT, draining in-flight
// requests and committing before it exits.
#pragma once

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
};

// Returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace zkpush::cli
