// `zkpush sim`: the terminal emulator's command line.
#pragma once

#include <CLI/App.hpp>

#include "sim/fleet.h"

namespace zkpush::cli {

// Adds the `sim` subcommand to `app`, filling `options`.
CLI::App* add_sim_command(CLI::App& app, sim::FleetOptions& options, std::string& profile_name);

}  // namespace zkpush::cli
