// `zkpush user create|list|passwd|disable|enable`: the console's accounts,
// straight on the data directory's database (a running server sees the
// change at once: sessions of a disabled account end).
#pragma once

#include <CLI/App.hpp>

namespace zkpush::cli {

void add_user_command(CLI::App& app);

}  // namespace zkpush::cli
