#include "support/postgres_server.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
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

}  // namespace

PostgresServer& PostgresServer::shared() {
  static PostgresServer server(Options{});
  return server;
}

PostgresServer::PostgresServer(Options options) : options_(options) {
  const RunAs as = RunAs::unprivileged();
  as.own(dir_.path());
  // --no-sync: the cluster is born for one test run; durability starts with
  // the server's own fsync setting.
  const std::string log = dir_.file("initdb.log");
  const int status = wait_exit(spawn({kBin + "initdb", "-D", data_dir(), "-U", "postgres", "-A",
                                      "trust", "--locale=C", "-E", "UTF8", "--no-sync"},
                                     log, as));
  if (status != 0) {
    throw std::runtime_error("initdb failed (exit " + std::to_string(status) + "):\n" +
                             read_file(log));
  }
  port_ = free_port();
  start();
}

PostgresServer::~PostgresServer() {
  if (!running()) return;
  kill(pid_, SIGQUIT);  // immediate: the folder goes next
  wait_exit(pid_);
}

std::string PostgresServer::uri(std::string_view database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + std::string(database);
}

void PostgresServer::start() {
  if (running()) return;
  std::vector<std::string> argv = {kBin + "postgres", "-D", data_dir(), "-p", std::to_string(port_),
                                   "-h", "127.0.0.1", "-k", dir_.path(),
                                   "-c", "max_connections=" + std::to_string(options_.max_connections)};
  if (!options_.fsync) {
    // Every write still reaches the kernel at commit, so a killed server
    // loses nothing; only a machine crash would.
    for (const char* setting : {"fsync=off", "full_page_writes=off"}) {
      argv.push_back("-c");
      argv.push_back(setting);
    }
  }
  const std::string log = dir_.file("postgres.log");
  pid_ = spawn(argv, log, RunAs::unprivileged());

  const std::string ping = "host=127.0.0.1 port=" + std::to_string(port_) +
                           " user=postgres dbname=postgres connect_timeout=5";
  const auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
  for (;;) {
    int status = 0;
    if (has_exited(pid_, status)) {
      pid_ = -1;
      throw std::runtime_error("postgres exited (status " + std::to_string(status) +
                               ") while starting:\n" + read_file(log));
    }
    if (PQping(ping.c_str()) == PQPING_OK) return;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("postgres did not answer on port " + std::to_string(port_) +
                               ":\n" + read_file(log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void PostgresServer::stop() {
  if (!running()) return;
  kill(pid_, SIGINT);  // fast shutdown: sessions end, a checkpoint is written
  wait_exit(pid_);
  pid_ = -1;
}

std::string PostgresServer::create_database() {
  const std::string name = "zkpush_test_" + std::to_string(++databases_);
  std::unique_ptr<PGconn, decltype(&PQfinish)> admin(PQconnectdb(admin_uri().c_str()), &PQfinish);
  if (PQstatus(admin.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to the test server: " +
                             std::string(PQerrorMessage(admin.get())));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexec(admin.get(), ("CREATE DATABASE " + name).c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error("CREATE DATABASE " + name + " failed: " +
                             std::string(PQerrorMessage(admin.get())));
  }
  return uri(name);
}

}  // namespace zkpush::test
