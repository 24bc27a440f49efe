// A throwaway PostgreSQL server for tests: Debian's postgresql-15 binaries
// run a cluster of their own in a temporary folder, listening on a free port
// of 127.0.0.1 and on a unix socket in that folder. No system cluster is
// used or changed. Authentication is `trust`; the superuser is `postgres`.
//
// initdb and postgres refuse to run as root, and tests here run as root:
// then the folder belongs to `nobody` and the programs run as it.
//
// Failures to start throw std::runtime_error carrying the programs' output
// (tests only; a failed start cannot be a test's subject).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <string>
#include <string_view>

#include "support/temp_dir.h"

namespace zkpush::test {

class PostgresServer {
 public:
  struct Options {
    // Off suits unit tests (nothing is synced; a process crash still loses
    // nothing, a machine crash would). Crash tests that kill the server and
    // expect every commit back want it on.
    bool fsync = false;
    int max_connections = 200;
  };

  // One server for the whole test process: started on first use, stopped
  // at exit. Call it first from the main thread (the server is told to quit
  // when the thread that started it ends, so a crashed test leaves none).
  static PostgresServer& shared();

  explicit PostgresServer(Options options);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A fresh empty database with a name of its own; its libpq URI,
  // postgresql://postgres@127.0.0.1:PORT/NAME.
  std::string create_database();
  // The URI of the `postgres` database, as the superuser.
  std::string admin_uri() const { return uri("postgres"); }
  std::string uri(std::string_view database) const;

  // A fast shutdown (sessions are ended, the data is kept), and a start on
  // the same folder and port: for outage tests.
  void stop();
  void start();
  bool running() const { return pid_ > 0; }

 private:
  std::string data_dir() const { return dir_.file("data"); }

  Options options_;
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;  // the postmaster, our child
  std::atomic<int> databases_{0};
};

}  // namespace zkpush::test
