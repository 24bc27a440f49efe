// zkpush: a server for ZKTeco PUSH (iClock/ADMS) terminals.
#include <CLI/CLI.hpp>

#include <string>

#include "cli/migrate_command.h"
#include "cli/serve.h"
#include "cli/serve_command.h"
#include "cli/sim_command.h"
#include "cli/token_command.h"
#include "cli/user_command.h"
#include "build_version.h"

int main(int argc, char** argv) {
  CLI::App app{"zkpush: a server for ZKTeco PUSH (iClock/ADMS) attendance and access terminals"};
  app.set_version_flag("--version", std::string("zkpush ") + ZKPUSH_VERSION);
  app.require_subcommand(1);

  zkpush::cli::ServeOptions serve;
  auto* serve_cmd = zkpush::cli::add_serve_command(app, serve);
  zkpush::cli::add_token_command(app);
  zkpush::cli::add_user_command(app);
  zkpush::cli::add_migrate_command(app);
  zkpush::sim::FleetOptions sim;
  std::string sim_profile = "2.4.1";
  auto* sim_cmd = zkpush::cli::add_sim_command(app, sim, sim_profile);

  CLI11_PARSE(app, argc, argv);
  if (serve_cmd->parsed()) return zkpush::cli::serve(serve);
  if (sim_cmd->parsed()) {
    sim.terminal.profile = *zkpush::sim::profile_by_name(sim_profile);
    return zkpush::sim::run_sim(sim);
  }
  return 0;
}
