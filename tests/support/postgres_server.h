// A throwaway PostgreSQL server for tests: Debian's postgresql-15 binaries
// run a cluster of their own in a folder, listening on a free port of
// 127.0.0.1 and on a unix socket in that folder. No system cluster is used
// or changed. Authentication is `trust`; the superuser is `postgres`.
//
// Under ctest one server serves every test process of the run (starting one
// costs ~0.8 s, and every test is a process of its own): the `postgres`
// fixture of tests/CMakeLists.txt starts it with zkpush_test_postgres and
// names its folder in ZKPUSH_TEST_POSTGRES.
//
// initdb and postgres refuse to run as root, and tests here run as root:
// then the folder belongs to `nobody` and the programs run as it.
//
// Failures to start throw std::runtime_error carrying the programs' output
// (tests only; a failed start cannot be a test's subject).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
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

  // The environment variable naming the folder of the run's shared server.
  static constexpr const char* kSharedEnv = "ZKPUSH_TEST_POSTGRES";

  // The server every test of the process uses: the run's (kSharedEnv) when
  // one answers there, else one of the process's own, started on first use
  // and stopped at exit. Call it first from the main thread (an own server
  // is told to quit when the thread that started it ends, so a crashed test
  // leaves none). It cannot be stopped: outage tests start their own.
  static PostgresServer& shared();

  // A server of the caller's own in a temporary folder, stopped (and the
  // folder removed) when destroyed.
  explicit PostgresServer(Options options);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // The run's shared server, in `dir` (made afresh, after stopping what an
  // interrupted run left there): it outlives the calling process, and its
  // port is written to dir/port once it answers.
  static void start_shared(const std::string& dir);
  // Stops the server start_shared left in `dir`, if it runs, and removes `dir`.
  static void stop_shared(const std::string& dir);

  // A fresh empty database with a name of its own (across the processes
  // sharing the server); its libpq URI, postgresql://postgres@127.0.0.1:PORT/NAME.
  std::string create_database();
  // The URI of the `postgres` database, as the superuser.
  std::string admin_uri() const { return uri("postgres"); }
  std::string uri(std::string_view database) const;

  // A fast shutdown (sessions are ended, the data is kept), and a start on
  // the same folder and port: for outage tests, on a server of their own
  // (std::logic_error on shared()).
  void stop();
  void start();
  // Always true of an attached server: the run keeps it up.
  bool running() const { return dir_ == nullptr || pid_ > 0; }

 private:
  // Attaches to the server answering on `port`, which another process runs.
  explicit PostgresServer(int port);
  void refuse_if_shared() const;

  Options options_;
  std::unique_ptr<TempDir> dir_;  // null when attached
  int port_ = 0;
  pid_t pid_ = -1;  // the postmaster, when our child
  bool shared_ = false;
  std::atomic<int> databases_{0};
};

}  // namespace zkpush::test
