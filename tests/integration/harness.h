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

namespace zkpush::test {

// A temporary directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string raw;  // the whole response as received
  std::string header(const std::string& lower_name) const;
};

// Sends `request` verbatim to 127.0.0.1:port and reads one response (after
// skipping any "100 Continue"). Fails the test on socket errors.
HttpReply send_raw(int port, const std::string& request);
// Several requests on one connection; reads one response per request.
std::vector<HttpReply> send_on_one_connection(int port, const std::vector<std::string>& requests);
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

// A connection that reads a response as it arrives (event streams, large
// exports): send, then read piece by piece.
class StreamClient {
 public:
  StreamClient(int port, const std::string& request);
  ~StreamClient();
  StreamClient(const StreamClient&) = delete;
  StreamClient& operator=(const StreamClient&) = delete;
  // Reads until `needle` is in what was received since the last call
  // (consumed up to and including it); returns that text, or "" on timeout.
  std::string read_until(const std::string& needle, std::chrono::milliseconds timeout);
  // Reads up to `max` bytes that arrive within `timeout`; "" at the end.
  std::string read_some(std::size_t max, std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_;
};

// Runs the zkpush binary with `args` to completion; its stdout, and its exit
// status in `status`.
std::string run_zkpush(const std::vector<std::string>& args, int* status = nullptr);

// `zkpush token create` on a data directory: the new token.
std::string create_token(const std::string& data_dir, const std::string& scope, const std::string& name = "test");

// One client connection to 127.0.0.1:port held open by the test (for
// limits on connections and timeouts), spoken to with raw bytes.
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False once the peer has closed or reset the connection.
  bool send(const std::string& bytes);
  // Everything received until the server closes, or `timeout` passes.
  std::string read_until_close(std::chrono::milliseconds timeout);
  // Whether the server closed (or reset) the connection within `timeout`.
  bool closed_within(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

// A gzip-compressed tar holding one regular file.
std::string make_tgz(const std::string& name, const std::string& content);

class Server {
 public:
  // Starts `zkpush serve` with --data `data_dir` plus `extra_args`, and
  // waits for both "listening" lines. An admin API token is created in the
  // data directory first (admin_token()); the API helpers send it.
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
  // Waits up to `timeout` for `text` to be in the log; true once it is.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
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
