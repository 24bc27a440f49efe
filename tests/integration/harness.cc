#include "harness.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "protocol/text.h"
#include "protocol/upload.h"
#include "support/eventually.h"
#include "support/read_file.h"

namespace zkpush::test {

namespace {

std::string read_line(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string line;
  char c;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    ssize_t n = ::read(fd, &c, 1);
    if (n <= 0) break;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return line;
}

int port_of(const std::string& line) { return std::atoi(line.substr(line.rfind(':') + 1).c_str()); }

}  // namespace

std::string make_tgz(const std::string& name, const std::string& content) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  archive_write_open(
      a, &out, nullptr,
      [](archive*, void* client, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, name.c_str());
  archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_write_header(a, e);
  archive_write_data(a, content.data(), content.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string run_zkpush(const std::vector<std::string>& args, int* status) {
  std::vector<std::string> all = {ZKPUSH_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close_range(3, ~0U, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  if (status) *status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  return out;
}

std::string create_token(const std::string& data_dir, const std::string& scope, const std::string& name,
                         const std::string& database) {
  int status = 0;
  std::vector<std::string> args = {"token", "create", "--data", data_dir, "--name", name, "--scope", scope};
  if (!database.empty()) args.insert(args.end(), {"--database", database});
  std::string out = run_zkpush(args, &status);
  if (status != 0) throw std::runtime_error("zkpush token create failed with status " + std::to_string(status));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

Server::Server(std::string data_dir, std::vector<std::string> extra_args, LaunchOptions options)
    : data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)), options_(options) {
  std::string database;
  for (std::size_t i = 0; i + 1 < extra_args_.size(); ++i)
    if (extra_args_[i] == "--database") database = extra_args_[i + 1];
  admin_token_ = create_token(data_dir_, "admin", "harness", database);
  if (!launch("127.0.0.1:0", "127.0.0.1:0")) throw std::runtime_error("zkpush did not start");
}

bool Server::launch(const std::string& listen, const std::string& api_listen) {
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  join_log_reader();  // of the previous process, which is gone
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  int log_fds[2] = {-1, -1};
  if (options_.capture_log && ::pipe(log_fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {ZKPUSH_BINARY, "serve",  "--listen", listen,        "--api-listen",
                                   api_listen,    "--data", data_dir_,  "--log-level", "warn"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;  // built before fork: the child of a threaded process should not allocate
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ == 0) {
    // Dies with the test process even when it aborts (no orphan holding the
    // test's stderr open), and keeps none of its sockets.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    if (log_fds[1] >= 0) ::dup2(log_fds[1], STDERR_FILENO);
    ::close_range(3, ~0U, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  stdout_fd_ = pipe_fds[0];
  if (log_fds[0] >= 0) {
    ::close(log_fds[1]);
    log_reader_ = std::thread([this, fd = log_fds[0]] {
      char chunk[4096];
      for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) > 0;) {
        (void)!::write(STDERR_FILENO, chunk, static_cast<std::size_t>(n));
        std::lock_guard lock(log_mu_);
        log_.append(chunk, static_cast<std::size_t>(n));
      }
      ::close(fd);
    });
  }
  device_port_ = api_port_ = 0;
  ports_.clear();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((device_port_ == 0 || api_port_ == 0) && std::chrono::steady_clock::now() < deadline) {
    std::string line = read_line(stdout_fd_, deadline);
    // "listening NAME=HOST:PORT"; the API's line comes last.
    if (line.rfind("listening ", 0) == 0 && line.find('=') != std::string::npos)
      ports_[line.substr(10, line.find('=') - 10)] = port_of(line);
    device_port_ = port("device");
    api_port_ = port("api");
    if (line.empty()) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
    }
  }
  if (device_port_ != 0 && api_port_ != 0) return true;
  kill_now();
  return false;
}

int Server::port(const std::string& name) const {
  auto it = ports_.find(name);
  return it == ports_.end() ? 0 : it->second;
}

void Server::restart() {
  kill_now();
  const std::string listen = "127.0.0.1:" + std::to_string(device_port_);
  const std::string api_listen = "127.0.0.1:" + std::to_string(api_port_);
  // The listeners set SO_REUSEADDR, so TIME_WAIT connections do not block the
  // bind; retrying covers the rare client socket that took one of the ports
  // as its ephemeral port meanwhile (launch fails fast: the process exits).
  if (eventually([&] { return launch(listen, api_listen); })) return;
  throw std::runtime_error("zkpush did not restart on " + listen + " and " + api_listen);
}

Server::~Server() {
  kill_now();
  join_log_reader();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

void Server::join_log_reader() {
  if (log_reader_.joinable()) log_reader_.join();  // the process is gone: its stderr has ended
}

std::string Server::log() const {
  std::lock_guard lock(log_mu_);
  return log_;
}

bool Server::wait_for_log(const std::string& text) const {
  return eventually([&] { return log().find(text) != std::string::npos; });
}

void Server::set_file_size_limit(std::optional<uint64_t> bytes) {
  rlimit limit{};
  if (::prlimit(pid_, RLIMIT_FSIZE, nullptr, &limit) != 0) throw std::runtime_error("prlimit (read) failed");
  limit.rlim_cur = bytes ? static_cast<rlim_t>(*bytes) : limit.rlim_max;
  if (::prlimit(pid_, RLIMIT_FSIZE, &limit, nullptr) != 0) throw std::runtime_error("prlimit (write) failed");
}

int Server::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  join_log_reader();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
}

void Server::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  join_log_reader();
}

HttpReply Server::get(const std::string& target) const {
  return send_raw(device_port_, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: iClock Proxy/1.09\r\n"
                                "Connection: close\r\nAccept: */*\r\n\r\n");
}

HttpReply Server::post(const std::string& target, const std::string& body, const std::string& extra_headers) const {
  return send_raw(device_port_, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: iClock Proxy/1.09\r\n"
                                "Connection: close\r\nAccept: */*\r\n" + extra_headers +
                                "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

HttpReply api_request(int api_port, const std::string& token, const std::string& method, const std::string& path,
                      const std::string& body, const std::string& extra_headers) {
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  const bool has_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (has_body && extra_headers.find("Content-Type") == std::string::npos)
    request += "Content-Type: application/json\r\n";
  if (has_body) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return send_raw(api_port, request + extra_headers + "\r\n" + body);
}

HttpReply Server::api_raw(const std::string& method, const std::string& path, const std::string& body) const {
  return api_as(admin_token_, method, path, body);
}

HttpReply Server::api_as(const std::string& token, const std::string& method, const std::string& path,
                         const std::string& body, const std::string& extra_headers) const {
  return api_request(api_port_, token, method, path, body, extra_headers);
}

nlohmann::json Server::api_get(const std::string& path, int expect_status) const {
  auto reply = api_raw("GET", path);
  EXPECT_EQ(reply.status, expect_status) << path << ": " << reply.body;
  return nlohmann::json::parse(reply.body, nullptr, false);
}

std::vector<nlohmann::json> Server::api_get_all(const std::string& path) const {
  std::vector<nlohmann::json> items;
  const char separator = path.find('?') == std::string::npos ? '?' : '&';
  for (int64_t after = 0;;) {
    auto page = api_get(path + separator + "limit=1000&after=" + std::to_string(after));
    if (!page.is_object() || !page["items"].is_array()) break;  // api_get has reported the failure
    for (auto& item : page["items"]) items.push_back(std::move(item));
    if (!page["next_after"].is_number()) break;
    after = page["next_after"];
  }
  return items;
}

nlohmann::json Server::api_send(const std::string& method, const std::string& path, const nlohmann::json& body,
                                int expect_status) const {
  auto reply = api_raw(method, path, body.dump());
  EXPECT_EQ(reply.status, expect_status) << method << " " << path << ": " << reply.body;
  return nlohmann::json::parse(reply.body, nullptr, false);
}

std::vector<Capture> load_captures() {
  auto manifest = nlohmann::json::parse(read_file(std::string(ZKPUSH_CAPTURES_DIR) + "/manifest.json"));
  std::vector<Capture> out;
  for (const auto& v : manifest) {
    Capture c;
    c.id = v["id"];
    c.method = v["method"];
    c.target = v["target"];
    for (const auto& h : v["headers"]) c.headers.emplace_back(h[0], h[1]);
    auto body = protocol::decode_base64(v["body_b64"].get<std::string>());
    c.body = body ? *body : std::string();
    if (v.contains("expected_reply") && v["expected_reply"].is_string()) c.expected_reply = v["expected_reply"];
    c.replayable = v["replayable"];
    out.push_back(std::move(c));
  }
  return out;
}

const Capture& capture(const std::string& id) {
  static const std::vector<Capture> all = load_captures();
  for (const auto& c : all)
    if (c.id == id) return c;
  throw std::runtime_error("no capture " + id);
}

std::string Capture::request(int port) const {
  bool has_host = false, has_length = false;
  std::string head = method + " " + target + " HTTP/1.1\r\n";
  for (const auto& [k, v] : headers) {
    if (protocol::iequals(k, "host")) has_host = true;
    if (protocol::iequals(k, "content-length")) has_length = true;
  }
  std::string lines;
  if (!has_host) lines += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  for (const auto& [k, v] : headers) lines += k + ": " + v + "\r\n";
  if (!body.empty() && !has_length) lines += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return head + lines + "\r\n" + body;
}

}  // namespace zkpush::test
