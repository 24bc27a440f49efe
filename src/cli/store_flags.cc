#include "cli/store_flags.h"

#include <cstdio>
#include <cstdlib>

namespace zkpush::cli {

void add_store_flags(CLI::App* command, StoreFlags& flags) {
  command->add_option("--data", flags.data_dir, "Data directory of the server")->capture_default_str();
  command->add_option("--database", flags.database, "The server's PostgreSQL URI, if it uses one")
      ->envname("ZKPUSH_DATABASE");
}

std::unique_ptr<store::Store> open_store_or_exit(const StoreFlags& flags) {
  const store::StoreOptions options{flags.data_dir, false, flags.database};
  auto opened = store::open_store(options);
  if (!opened) {
    std::fprintf(stderr, "cannot open the store (%s): %s\n", store::describe_store(options).c_str(),
                 opened.error().message.c_str());
    std::exit(1);
  }
  return std::move(*opened);
}

}  // namespace zkpush::cli
