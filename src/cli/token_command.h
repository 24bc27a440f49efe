// `zkpush token create|list|revoke`: API tokens, straight on the data
// directory's database (a running server picks the change up within seconds).
#pragma once

#include <CLI/App.hpp>

namespace zkpush::cli {

// Adds the `token` subcommand and its three subcommands to `app`; each runs
// from its own callback and exits the process with its status.
void add_token_command(CLI::App& app);

}  // namespace zkpush::cli
