// Integration-test harness: starts the real zkpush binary on ephemeral ports
// with a fresh data directory, and talks to it over real sockets with
// byte-exact requests (terminals' quirks included).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/raw_client.h"
#include "support/temp_dir.h"

namespace zkpush::test {

// One JSON API request (Content-Type: application/json when there is a body).
// Throws std::runtime_error when nothing listens on the port.
// One API request with `token` ("" for none) and extra header lines.
HttpReply api_request(int api_port, const std::string& token, const std::string& method, const std::string& path,
                      const std::string& body = "", const std::string& extra_headers = "");

// How a test starts the process, beyond its arguments.
struct LaunchOptions {
  // Keep what the process logs (stderr) for Server::log(), restarts
  // included; it is still copied to the test's stderr.
  bool capture_log = false;
};

// Runs the zkpush binary with `args` to completion; its stdout, and its exit
// status in `status`.
std::string run_zkpush(const std::vector<std::string>& args, int* status = nullptr);

// `zkpush token create` on a data directory (or a PostgreSQL database): the
// new token.
std::string create_token(const std::string& data_dir, const std::string& scope, const std::string& name = "test",
                         const std::string& database = "");

// A gzip-compressed tar holding one regular file.
std::string make_tgz(const std::string& name, const std::string& content);

class Server {
 public:
  // Starts `zkpush serve` with --data `data_dir` plus `extra_args`, and
  // waits for both "listening" lines. An admin API token is created in the
  // store first (the data directory, or the --database of `extra_args`:
  // admin_token()); the API helpers send it.
  explicit Server(std::string data_dir, std::vector<std::string> extra_args = {}, LaunchOptions options = {});
  ~Server();  // SIGKILLs the process if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int device_port() const { return device_port_; }
  int api_port() const { return api_port_; }
  // The port of the "listening NAME=HOST:PORT" line ("device-tls"); 0 if none.
  int port(const std::string& name) const;
  pid_t pid() const { return pid_; }
  const std::string& admin_token() const { return admin_token_; }
  const std::string& data_dir() const { return data_dir_; }

  // SIGTERM and wait; returns the exit status (or -signal).
  int stop();
  void kill_now();
  // Kills the process if it still runs, then starts it again on the same two
  // ports with the same data directory and arguments (a crash and a restart).
  void restart();

  // Everything the process has logged since the first start, restarts
  // included (LaunchOptions::capture_log). What the process wrote just now
  // may still be in the pipe: to check for a line, use wait_for_log.
  std::string log() const;
  // True once `text` is in the log (eventually(): false only if it never comes).
  bool wait_for_log(const std::string& text) const;
  // Sets the running process's file-size limit (the soft RLIMIT_FSIZE, via
  // prlimit; nullopt: unlimited): writes past it fail with EFBIG, the way a
  // full disk fails them, without mount privileges.
  void set_file_size_limit(std::optional<uint64_t> bytes);

  // Device-side helpers (HTTP/1.1, Connection: close, like terminals).
  HttpReply get(const std::string& target) const;
  HttpReply post(const std::string& target, const std::string& body,
                 const std::string& extra_headers = "") const;

  // API helpers; they fail the test unless the status matches.
  nlohmann::json api_get(const std::string& path, int expect_status = 200) const;
  nlohmann::json api_send(const std::string& method, const std::string& path, const nlohmann::json& body,
                          int expect_status) const;
  HttpReply api_raw(const std::string& method, const std::string& path, const std::string& body = "") const;
  // The same with another token ("" for none) and extra header lines.
  HttpReply api_as(const std::string& token, const std::string& method, const std::string& path,
                   const std::string& body = "", const std::string& extra_headers = "") const;
  // Every item of a paged list (`path` without limit/after), page by page.
  std::vector<nlohmann::json> api_get_all(const std::string& path) const;

 private:
  // Starts the process listening on the given "HOST:PORT"s; false if it
  // exits or does not report both ports in time.
  bool launch(const std::string& listen, const std::string& api_listen);
  // Waits for the log reader to see the end of the process's stderr.
  void join_log_reader();

  std::string data_dir_;
  std::vector<std::string> extra_args_;
  std::string admin_token_;
  LaunchOptions options_;
  std::thread log_reader_;
  mutable std::mutex log_mu_;
  std::string log_;  // guarded by log_mu_
  std::map<std::string, int> ports_;  // by the NAME of "listening NAME=HOST:PORT"
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int device_port_ = 0;
  int api_port_ = 0;
};

// One ATTLOG line in the 004 shape: PIN 1 checking in by fingerprint.
inline const std::string kPunch = "1\t2024-02-02 10:00:00\t0\t1\t0\t0\t0\n";

// Field captures (tests/fixtures/captures/manifest.json).
struct Capture {
  std::string id, method, target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string expected_reply;
  bool replayable = false;
  // The request as replay.py sends it (Host and Content-Length added).
  std::string request(int port) const;
};
std::vector<Capture> load_captures();
const Capture& capture(const std::string& id);

}  // namespace zkpush::test
