#include "sim/http_client.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <sstream>

namespace zkpush::sim {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
  Impl(asio::any_io_executor ex, tcp::endpoint ep, HttpOptions opt)
      : executor(std::move(ex)), server(ep), options(opt) {}
  asio::any_io_executor executor;
  tcp::endpoint server;
  HttpOptions options;
  std::optional<beast::tcp_stream> stream;  // kept between requests with keep-alive
  beast::flat_buffer buffer;
  std::string host;
};

HttpClient::HttpClient(asio::any_io_executor executor, tcp::endpoint server, HttpOptions options)
    : impl_(std::make_unique<Impl>(std::move(executor), server, options)) {
  impl_->host = server.address().to_string() + ":" + std::to_string(server.port());
}

HttpClient::~HttpClient() = default;

namespace {

std::string describe(const boost::system::error_code& ec) {
  if (ec == beast::error::timeout) return "timeout";
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) return "connection reset";
  if (ec == http::error::end_of_stream || ec == asio::error::eof) return "connection closed";
  return ec.message();
}

// Writes the request's bytes with an injected fault: all of them in slow
// pieces (kStall), or the head and half the body (kDropMidBody, after which
// the caller closes). Beast's serializer cannot stop mid-body, hence by hand.
asio::awaitable<void> write_with_fault(beast::tcp_stream& stream, const http::request<http::string_body>& req,
                                       Fault fault, boost::system::error_code& ec) {
  std::ostringstream wire;
  wire << req;
  std::string bytes = wire.str();
  if (fault == Fault::kDropMidBody) bytes.resize(bytes.size() - (req.body().size() + 1) / 2);
  const std::size_t pieces = fault == Fault::kStall ? 8 : 1;
  const std::size_t step = (bytes.size() + pieces - 1) / pieces;
  asio::steady_timer pause(stream.get_executor());
  for (std::size_t at = 0; at < bytes.size() && !ec; at += step) {
    if (at > 0) {
      pause.expires_after(std::chrono::milliseconds(150));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    co_await asio::async_write(stream.socket(), asio::buffer(bytes.data() + at, std::min(step, bytes.size() - at)),
                               asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace

asio::awaitable<HttpResult> HttpClient::request(std::string_view method, std::string_view target, std::string body,
                                                std::string_view extra_header, Fault fault) {
  Impl& s = *impl_;
  HttpResult result;
  const auto start = std::chrono::steady_clock::now();
  boost::system::error_code ec;

  http::request<http::string_body> req;
  req.method_string(beast::string_view(method.data(), method.size()));
  req.target(beast::string_view(target.data(), target.size()));
  req.version(s.options.http10 ? 10 : 11);
  req.set(http::field::host, s.host);
  req.set(http::field::user_agent, "iClock Proxy/1.09");
  req.set(http::field::accept, "*/*");
  if (!s.options.bearer_token.empty()) req.set(http::field::authorization, "Bearer " + s.options.bearer_token);
  if (!s.options.keep_alive) req.set(http::field::connection, "close");
  else if (s.options.http10) req.set(http::field::connection, "keep-alive");
  if (!extra_header.empty()) {
    auto colon = extra_header.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = extra_header.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      req.set(std::string(extra_header.substr(0, colon)), std::string(value));
    }
  }
  if (method == "POST") {
    if (s.options.content_type) req.set(http::field::content_type, "text/plain");
    req.body() = std::move(body);
    req.prepare_payload();
  }

  for (int attempt = 0; attempt < 2; ++attempt) {  // a kept-alive connection may have been closed by the server
    const bool reused = s.stream.has_value();
    if (!reused) {
      s.stream.emplace(s.executor);
      s.buffer.clear();
      s.stream->expires_after(s.options.timeout);
      co_await s.stream->async_connect(s.server, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    s.stream->expires_after(s.options.timeout);
    if (fault == Fault::kNone) {
      co_await http::async_write(*s.stream, req, asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await write_with_fault(*s.stream, req, fault, ec);
      if (!ec && fault == Fault::kDropMidBody) {
        result.error = "injected: dropped mid-body";
        s.stream.reset();
        break;
      }
    }
    http::response<http::string_body> res;
    if (!ec) co_await http::async_read(*s.stream, s.buffer, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec && reused && attempt == 0) {  // stale keep-alive connection: reconnect once
      s.stream.reset();
      continue;
    }
    if (!ec) {
      result.status = static_cast<int>(res.result_int());
      result.body = std::move(res.body());
      result.date = std::string(res[http::field::date]);
      result.content_range = std::string(res[http::field::content_range]);
      if (!s.options.keep_alive || !res.keep_alive()) s.stream.reset();
    }
    break;
  }
  if (ec) {
    result.error = describe(ec);
    s.stream.reset();
  }
  result.latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  co_return result;
}

bool parse_server_url(std::string_view url, tcp::endpoint& out, std::string& error) {
  if (url.substr(0, 7) == "http://") url.remove_prefix(7);
  if (auto slash = url.find('/'); slash != std::string_view::npos) url = url.substr(0, slash);
  std::string host;
  std::string_view port_text;
  if (!url.empty() && url.front() == '[') {
    auto close = url.find(']');
    if (close == std::string_view::npos) return error = "unterminated [", false;
    host = std::string(url.substr(1, close - 1));
    if (close + 1 < url.size() && url[close + 1] == ':') port_text = url.substr(close + 2);
  } else {
    auto colon = url.rfind(':');
    host = std::string(url.substr(0, colon));
    if (colon != std::string_view::npos) port_text = url.substr(colon + 1);
  }
  if (host == "localhost") host = "127.0.0.1";
  unsigned port = 80;
  if (!port_text.empty()) {
    port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) return error = "bad port", false;
      port = port * 10 + static_cast<unsigned>(c - '0');
    }
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec || port == 0 || port > 65535) return error = "expected http://IP:PORT", false;
  out = tcp::endpoint(address, static_cast<unsigned short>(port));
  return true;
}

}  // namespace zkpush::sim
