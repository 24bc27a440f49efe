// `zkpush migrate`: brings a database to this build's schema without
// serving it (--data DIR for SQLite, --database URI for PostgreSQL), or
// copies a SQLite installation into PostgreSQL (--from DIR --to URI).
#pragma once

#include <CLI/App.hpp>

namespace zkpush::cli {

// Adds the `migrate` subcommand to `app`; it runs from its callback and
// exits the process with its status.
void add_migrate_command(CLI::App& app);

}  // namespace zkpush::cli
