#include "support/postgres_server.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/child_process.h"
#include "support/read_file.h"

namespace zkpush::test {

namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin/";

// Bounds a start that fails silently; a start that works returns as soon as
// the server answers.
constexpr auto kStartDeadline = std::chrono::seconds(60);

// Every test process of a ctest -j run holds its connections at once.
constexpr PostgresServer::Options kSharedOptions{.max_connections = 300};

std::string data_dir(const std::string& dir) { return dir + "/data"; }
std::string port_file(const std::string& dir) { return dir + "/port"; }

// A TCP port of 127.0.0.1 that nothing listens on (the kernel's choice).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

bool answers(int port) {
  const std::string ping = "host=127.0.0.1 port=" + std::to_string(port) +
                           " user=postgres dbname=postgres connect_timeout=5";
  return PQping(ping.c_str()) == PQPING_OK;
}

// A new cluster in dir/data; `dir` exists.
void init_cluster(const std::string& dir) {
  RunAs::unprivileged().own(dir);
  // --no-sync: the cluster is born for one test run; durability starts with
  // the server's own fsync setting.
  const std::string log = dir + "/initdb.log";
  const int status =
      wait_exit(spawn({kBin + "initdb", "-D", data_dir(dir), "-U", "postgres", "-A", "trust",
                       "--locale=C", "-E", "UTF8", "--no-sync"},
                      log, RunAs::unprivileged()));
  if (status != 0) {
    throw std::runtime_error("initdb failed (exit " + std::to_string(status) + "):\n" +
                             read_file(log));
  }
}

// Starts postgres on the cluster of `dir`; its pid once it answers on `port`.
pid_t launch(const std::string& dir, int port, const PostgresServer::Options& options,
             Lifetime lifetime) {
  std::vector<std::string> argv = {kBin + "postgres", "-D", data_dir(dir), "-p", std::to_string(port),
                                   "-h", "127.0.0.1", "-k", dir,
                                   "-c", "max_connections=" + std::to_string(options.max_connections)};
  if (!options.fsync) {
    // Every write still reaches the kernel at commit, so a killed server
    // loses nothing; only a machine crash would.
    for (const char* setting : {"fsync=off", "full_page_writes=off"}) {
      argv.push_back("-c");
      argv.push_back(setting);
    }
  }
  const std::string log = dir + "/postgres.log";
  const pid_t pid = spawn(argv, log, RunAs::unprivileged(), lifetime);

  const auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
  for (;;) {
    int status = 0;
    if (has_exited(pid, status)) {
      throw std::runtime_error("postgres exited (status " + std::to_string(status) +
                               ") while starting:\n" + read_file(log));
    }
    if (answers(port)) return pid;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("postgres did not answer on port " + std::to_string(port) +
                               ":\n" + read_file(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// pg_ctl `args` on the cluster of `dir`; its exit status. The server is not
// our child there, so pg_ctl does the signalling and the waiting.
int pg_ctl(const std::string& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {kBin + "pg_ctl", "-D", data_dir(dir)});
  return wait_exit(spawn(args, dir + "/pg_ctl.log", RunAs::unprivileged()));
}

// The port of the server start_shared left in `dir`, if it answers.
std::optional<int> shared_port(const std::string& dir) {
  const std::string text = read_file(port_file(dir));
  if (text.empty()) return std::nullopt;
  const int port = std::stoi(text);
  if (!answers(port)) return std::nullopt;
  return port;
}

}  // namespace

PostgresServer& PostgresServer::shared() {
  static const std::unique_ptr<PostgresServer> server = [] {
    std::unique_ptr<PostgresServer> s;
    if (const char* dir = std::getenv(kSharedEnv)) {
      if (const std::optional<int> port = shared_port(dir)) {
        s.reset(new PostgresServer(*port));
      } else {
        std::cerr << kSharedEnv << "=" << dir << ": no server answers there; starting one\n";
      }
    }
    if (s == nullptr) s = std::make_unique<PostgresServer>(kSharedOptions);
    s->shared_ = true;
    return s;
  }();
  return *server;
}

PostgresServer::PostgresServer(Options options)
    : options_(options), dir_(std::make_unique<TempDir>()), port_(free_port()) {
  init_cluster(dir_->path());
  start();
}

PostgresServer::PostgresServer(int port) : options_(kSharedOptions), port_(port) {}

PostgresServer::~PostgresServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGQUIT);  // immediate: the folder goes next
  wait_exit(pid_);
}

void PostgresServer::start_shared(const std::string& dir) {
  stop_shared(dir);
  std::filesystem::create_directories(dir);
  init_cluster(dir);
  const int port = free_port();
  launch(dir, port, kSharedOptions, Lifetime::kDetached);
  if (!(std::ofstream(port_file(dir)) << port << "\n")) {
    throw std::runtime_error("cannot write " + port_file(dir));
  }
}

void PostgresServer::stop_shared(const std::string& dir) {
  // pg_ctl status: 0 when a server runs; an immediate shutdown when a fast
  // one does not end in pg_ctl's time.
  if (std::filesystem::exists(data_dir(dir)) && pg_ctl(dir, {"status"}) == 0 &&
      pg_ctl(dir, {"stop", "-m", "fast"}) != 0 && pg_ctl(dir, {"stop", "-m", "immediate"}) != 0) {
    throw std::runtime_error("cannot stop the postgres of " + dir + ":\n" +
                             read_file(dir + "/pg_ctl.log"));
  }
  std::filesystem::remove_all(dir);
}

std::string PostgresServer::uri(std::string_view database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + std::string(database);
}

void PostgresServer::refuse_if_shared() const {
  if (shared_) {
    throw std::logic_error(
        "the shared PostgreSQL server cannot be stopped or started: use a PostgresServer of the "
        "test's own");
  }
}

void PostgresServer::start() {
  refuse_if_shared();
  if (running()) return;
  pid_ = launch(dir_->path(), port_, options_, Lifetime::kThread);
}

void PostgresServer::stop() {
  refuse_if_shared();
  if (!running()) return;
  kill(pid_, SIGINT);  // fast shutdown: sessions end, a checkpoint is written
  wait_exit(pid_);
  pid_ = -1;
}

std::string PostgresServer::create_database() {
  std::unique_ptr<PGconn, decltype(&PQfinish)> admin(PQconnectdb(admin_uri().c_str()), &PQfinish);
  if (PQstatus(admin.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to the test server: " +
                             std::string(PQerrorMessage(admin.get())));
  }
  for (;;) {
    const std::string name =
        "zkpush_test_" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
    std::unique_ptr<PGresult, decltype(&PQclear)> result(
        // FILE_COPY: PostgreSQL 15's default copies the template through the
        // WAL, which makes each test database cost megabytes of WAL to write
        // and, at the end, to delete.
        PQexec(admin.get(), ("CREATE DATABASE " + name + " STRATEGY = FILE_COPY").c_str()), &PQclear);
    if (PQresultStatus(result.get()) == PGRES_COMMAND_OK) return uri(name);
    // duplicate_database: an earlier process of the run had our pid (pids
    // are reused); the next number may be free.
    const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    if (state == nullptr || std::string_view(state) != "42P04") {
      throw std::runtime_error("CREATE DATABASE " + name + " failed: " +
                               std::string(PQerrorMessage(admin.get())));
    }
  }
}

}  // namespace zkpush::test
