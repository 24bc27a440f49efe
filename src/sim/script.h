// `zkpush sim --script FILE`: runs a scenario (script_parser.h,
// docs/sim-scripts.md) step by step on one emulated terminal, printing each
// step as it runs, and stops at the first step or assert that fails.
#pragma once

#include <string>

#include "sim/http_client.h"
#include "sim/terminal.h"

namespace zkpush::sim {

// Runs the script at `path` on one terminal (config.sn) against the device
// endpoint `server_url`; `assert server` reads the JSON API at `api_url`.
// Progress goes to stdout, failures to stderr as "script FILE:LINE: ...".
// Exit status: 0 when every step passed, 1 at the first failure, 2 for an
// unreadable or bad script or bad URLs (nothing is run).
int run_script_file(const std::string& path, const TerminalConfig& config, const HttpOptions& http,
                    const std::string& server_url, const std::string& api_url, const std::string& api_token = "");

}  // namespace zkpush::sim
