#include "support/raw_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace zkpush::test {

RawClient::RawClient(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connected_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  // Requests sent in pieces must leave in pieces (slow-client tests).
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawClient::~RawClient() {
  if (fd_ >= 0) ::close(fd_);
}

void RawClient::send(std::string_view bytes) {
  if (!try_send(bytes)) ADD_FAILURE() << "send failed: " << std::strerror(errno);
}

bool RawClient::try_send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void RawClient::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

bool RawClient::fill(std::chrono::milliseconds timeout) {
  if (closed_) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buffer[65536];
  ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n <= 0) {
    closed_ = true;  // orderly close or reset
    return false;
  }
  pending_.append(buffer, static_cast<std::size_t>(n));
  return true;
}

std::string RawClient::take(std::size_t n) {
  std::string out = pending_.substr(0, n);
  pending_.erase(0, n);
  return out;
}

std::string RawClient::read_response(bool head_request, std::chrono::milliseconds timeout) {
  std::size_t end;
  while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(timeout)) return take(pending_.size());
  }
  end += 4;
  std::string head = pending_.substr(0, end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t length = 0;
  if (std::size_t p = head.find("\r\ncontent-length:"); p != std::string::npos && !head_request)
    length = std::strtoul(head.c_str() + p + 17, nullptr, 10);
  while (pending_.size() < end + length) {
    if (!fill(timeout)) return take(pending_.size());
  }
  return take(end + length);
}

std::string RawClient::read_exactly(std::size_t n, std::chrono::milliseconds timeout) {
  while (pending_.size() < n) {
    if (!fill(timeout)) break;
  }
  return take(std::min(n, pending_.size()));
}

std::string RawClient::read_until(std::string_view needle, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto at = pending_.find(needle); at != std::string::npos) return take(at + needle.size());
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !fill(left)) return {};
  }
}

std::string RawClient::read_some(std::size_t max, std::chrono::milliseconds timeout) {
  if (pending_.empty()) fill(timeout);
  return take(std::min(max, pending_.size()));
}

std::string RawClient::read_until_close(std::chrono::milliseconds timeout) {
  while (fill(timeout)) {
  }
  return take(pending_.size());
}

bool RawClient::closed_within(std::chrono::milliseconds timeout) {
  if (!pending_.empty()) return false;
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!closed_ && pending_.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !fill(left)) break;
  }
  return closed_ && pending_.empty();
}

bool RawClient::nothing_within(std::chrono::milliseconds timeout) { return pending_.empty() && !fill(timeout); }

std::string HttpReply::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

HttpReply parse_reply(std::string raw) {
  HttpReply reply;
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return reply;
  std::istringstream lines(raw.substr(0, head_end));
  std::string line;
  std::getline(lines, line);
  if (line.size() >= 12) reply.status = std::atoi(line.c_str() + 9);
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    reply.headers[lower(line.substr(0, colon))] = trimmed(line.substr(colon + 1));
  }
  reply.body = raw.substr(head_end + 4);
  // Cut off before its end: not a response (status 0).
  if (reply.body.size() < std::strtoul(reply.header("content-length").c_str(), nullptr, 10)) return HttpReply{};
  reply.raw = std::move(raw);
  return reply;
}

}  // namespace

std::vector<HttpReply> send_on_one_connection(int port, const std::vector<std::string>& requests) {
  RawClient client(port);
  if (!client.connected()) throw std::runtime_error("connect to port " + std::to_string(port) + " failed");
  for (const auto& request : requests) client.send(request);
  std::vector<HttpReply> replies;
  while (replies.size() < requests.size()) {
    std::string raw = client.read_response(false, std::chrono::seconds(10));
    if (raw.rfind("HTTP/1.1 100", 0) == 0) continue;  // the final response follows
    // A response that never came has status 0: the caller's assertions say so.
    if (raw.empty()) break;
    replies.push_back(parse_reply(std::move(raw)));
  }
  replies.resize(requests.size());
  return replies;
}

HttpReply send_raw(int port, const std::string& request) { return send_on_one_connection(port, {request}).front(); }

}  // namespace zkpush::test
