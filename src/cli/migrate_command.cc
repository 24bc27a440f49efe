#include "cli/migrate_command.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "store/migrate.h"
#include "store/store.h"

namespace zkpush::cli {
namespace {

struct MigrateOptions {
  std::string data_dir = "./data";
  std::string database;
  std::string from;
  std::string to;
};

int migrate_schema(const MigrateOptions& o) {
  const store::StoreOptions where{o.data_dir, false, o.database};
  Result<int> version =
      o.database.empty() ? store::migrate_sqlite_schema(o.data_dir) : store::migrate_postgres_schema(o.database);
  if (!version) {
    std::fprintf(stderr, "cannot migrate %s: %s\n", store::describe_store(where).c_str(),
                 version.error().message.c_str());
    return 1;
  }
  std::printf("%s: schema version %d\n", store::describe_store(where).c_str(), *version);
  return 0;
}

int copy(const MigrateOptions& o) {
  const std::string to = store::describe_store(store::StoreOptions{"", false, o.to});
  std::fprintf(stderr, "copying SQLite in %s into %s\n", o.from.c_str(), to.c_str());
  const auto started = std::chrono::steady_clock::now();
  auto progress = [](const std::string& table, int64_t rows) {
    std::fprintf(stderr, "  %s: %lld rows copied\n", table.c_str(), static_cast<long long>(rows));
  };
  Result<store::CopyReport> report = store::copy_sqlite_to_postgres(o.from, o.to, progress);
  if (!report) {
    std::fprintf(stderr, "migrate: nothing was copied: %s\n", report.error().message.c_str());
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int64_t total = 0;
  std::printf("%-28s %12s\n", "TABLE", "ROWS");
  for (const auto& t : report->tables) {
    std::printf("%-28s %12lld\n", t.table.c_str(), static_cast<long long>(t.rows));
    total += t.rows;
  }
  std::printf("verified: %zu tables, %lld rows, schema version %d\n", report->tables.size(),
              static_cast<long long>(total), report->schema_version);
  std::fprintf(stderr, "copied %lld rows in %.1f s (%.0f rows/s); start the server with --database\n",
               static_cast<long long>(total), seconds, seconds > 0 ? total / seconds : 0.0);
  return 0;
}

}  // namespace

void add_migrate_command(CLI::App& app) {
  auto options = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand("migrate", "Bring a database to this build's schema, or copy SQLite into PostgreSQL");
  cmd->footer(
      "--data DIR or --database URI: migrate that database's schema, as serve does when it starts, and exit.\n"
      "--from DIR --to URI: copy the SQLite installation in DIR into the empty PostgreSQL database at URI (stop\n"
      "the server first). The copy is one transaction, so a failure half-way copies nothing; that suits\n"
      "installations of a few million rows. It is checked (row counts, canteen balances) before the commit.");
  cmd->add_option("--data", options->data_dir, "Data directory of a SQLite installation to migrate")
      ->capture_default_str();
  cmd->add_option("--database", options->database, "PostgreSQL URI of a database to migrate")
      ->envname("ZKPUSH_DATABASE");
  auto* from = cmd->add_option("--from", options->from, "Data directory of the SQLite installation to copy");
  auto* to = cmd->add_option("--to", options->to, "PostgreSQL URI of the empty database to copy it into");
  from->needs(to);
  to->needs(from);
  cmd->callback([options] { std::exit(options->from.empty() ? migrate_schema(*options) : copy(*options)); });
}

}  // namespace zkpush::cli
