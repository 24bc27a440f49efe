// The --data and --database flags of the commands that work straight on a
// server's store (`zkpush token`, `zkpush user`), and opening that store.
#pragma once

#include <CLI/App.hpp>
#include <memory>
#include <string>

#include "store/store.h"

namespace zkpush::cli {

struct StoreFlags {
  std::string data_dir = "./data";
  std::string database;  // a PostgreSQL URI; empty: SQLite in data_dir
};

void add_store_flags(CLI::App* command, StoreFlags& flags);

// The store, or the process exits with status 1 and says why.
std::unique_ptr<store::Store> open_store_or_exit(const StoreFlags& flags);

}  // namespace zkpush::cli
