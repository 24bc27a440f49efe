// `zkpush sim`: many terminals in one process, all on one I/O thread, with a
// live progress line, an end-of-run summary and an optional --verify.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "sim/http_client.h"
#include "sim/terminal.h"

namespace zkpush::sim {

struct FleetOptions {
  std::string server_url;         // devices endpoint, http://HOST:PORT
  std::string api_url;            // JSON API, for --verify
  std::string api_token;          // its token (a read token is enough)
  int devices = 1;
  std::string sn_prefix = "SIM";
  std::chrono::seconds duration{10};
  // Ends the run early, once it holds (checked on the emulator's thread every
  // 50 ms): every terminal stops after its request in progress. `duration`
  // stays the bound. Not a command-line option; for tests ("until every
  // terminal's records are acknowledged").
  std::function<bool(const Stats&)> stop_when;
  std::chrono::milliseconds ramp{0};  // boots spread evenly over this time
  std::string stats_file;             // also write the summary as "key value" lines here
  TerminalConfig terminal;        // sn is filled per device
  HttpOptions http;
  bool verify = false;
  bool progress = true;           // the live line on stderr
  std::string script;             // --script FILE: one terminal runs this scenario instead
};

// Runs the fleet and prints the summary on stdout. Exit status: 0, or 1 when
// --verify found a problem, 2 for bad options.
int run_fleet(const FleetOptions& options);

// `zkpush sim`: the scenario of options.script on the first terminal
// (sim/script.h) when one is given, else the fleet.
int run_sim(const FleetOptions& options);

}  // namespace zkpush::sim
