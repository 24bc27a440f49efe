#include "http/webhook_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "protocol/text.h"

namespace zkpush::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

bool parse_url(const std::string& url, ParsedUrl& out) {
  std::string_view rest = url;
  if (protocol::istarts_with(rest, "https://")) {
    out.tls = true;
    rest.remove_prefix(8);
  } else if (protocol::istarts_with(rest, "http://")) {
    out.tls = false;
    rest.remove_prefix(7);
  } else {
    return false;
  }
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!out.target.empty() && out.target.front() == '?') out.target.insert(0, "/");
  if (authority.empty()) return false;
  if (authority.front() == '[') {  // [v6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    out.port = authority.empty() ? "" : std::string(authority.substr(1));
  } else {
    const std::size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    out.port = colon == std::string_view::npos ? "" : std::string(authority.substr(colon + 1));
  }
  if (out.port.empty()) out.port = out.tls ? "443" : "80";
  return !out.host.empty();
}

namespace {

using service::connectors::HttpAnswer;

template <typename Stream>
asio::awaitable<HttpAnswer> exchange(Stream& stream, bhttp::verb verb, const ParsedUrl& url,
                                     const std::vector<std::pair<std::string, std::string>>& headers,
                                     const std::string& body, std::size_t body_limit) {
  bhttp::request<bhttp::string_body> request{verb, url.target, 11};
  request.set(bhttp::field::host, url.host);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (verb != bhttp::verb::get || !body.empty()) {
    request.body() = body;
    request.prepare_payload();
  }
  co_await bhttp::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(body_limit);
  co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
  co_return HttpAnswer{static_cast<int>(parser.get().result_int()), std::move(parser.get().body()), ""};
}

// One request on a new connection (TLS for https://).
asio::awaitable<HttpAnswer> client_request(bhttp::verb verb, const std::string& url_text,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::string& body, std::size_t body_limit, std::chrono::seconds timeout) {
  ParsedUrl url;
  if (!parse_url(url_text, url)) co_return HttpAnswer{0, "", "not an http or https URL: " + url_text};
  auto executor = co_await asio::this_coro::executor;
  try {
    asio::ip::tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(url.host, url.port, asio::use_awaitable);
    if (!url.tls) {
      beast::tcp_stream stream(executor);
      stream.expires_after(timeout);
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      auto answer = co_await exchange(stream, verb, url, headers, body, body_limit);
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      co_return answer;
    }
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
      co_return HttpAnswer{0, "", "cannot set the TLS server name"};
    stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    co_return co_await exchange(stream, verb, url, headers, body, body_limit);
  } catch (const boost::system::system_error& e) {
    co_return HttpAnswer{0, "", e.code().message()};
  } catch (const std::exception& e) {
    co_return HttpAnswer{0, "", e.what()};
  }
}

}  // namespace

asio::awaitable<service::PostResult> WebhookClient::post(const std::string& url,
                                                          const std::vector<std::pair<std::string, std::string>>& headers,
                                                          const std::string& body) {
  // A webhook's answer is not used beyond its status.
  const HttpAnswer answer = co_await client_request(bhttp::verb::post, url, headers, body, 64 * 1024, timeout_);
  service::PostResult result{answer.status, answer.error};
  if (answer.status != 0 && (answer.status < 200 || answer.status >= 300))
    result.error = "HTTP " + std::to_string(answer.status) + ": " + answer.body.substr(0, 200);
  co_return result;
}

asio::awaitable<HttpAnswer> WebhookClient::send(const std::string& method, const std::string& url,
                                                const service::connectors::HttpHeaders& headers,
                                                const std::string& body) {
  co_return co_await client_request(bhttp::string_to_verb(method), url, headers, body, 1024 * 1024, timeout_);
}

}  // namespace zkpush::http
