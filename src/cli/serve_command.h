// `zkpush serve`'s command line: its flags and the --config file.
#pragma once

#include <CLI/App.hpp>

#include "cli/serve.h"

namespace zkpush::cli {

// Adds the `serve` subcommand to `app`, filling `options`.
CLI::App* add_serve_command(CLI::App& app, ServeOptions& options);

}  // namespace zkpush::cli
