#include "http/tls_context.h"

#include <boost/asio/ssl/context.hpp>

namespace zkpush::http {
namespace {

namespace ssl = boost::asio::ssl;

// A server context with OpenSSL's default protocol range and ciphers: old
// terminal firmware that speaks TLS at all may not speak the newest version,
// so nothing is narrowed beyond what the system's OpenSSL allows.
Result<std::shared_ptr<ssl::context>> make_context(const std::string& cert_file, const std::string& key_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::single_dh_use,
                       ec);
  if (!ec) context->use_certificate_chain_file(cert_file, ec);
  if (ec) return Error::invalid("certificate " + cert_file + ": " + ec.message());
  // OpenSSL checks here that the key belongs to the certificate.
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) return Error::invalid("private key " + key_file + ": " + ec.message());
  return context;
}

}  // namespace

Result<std::shared_ptr<TlsContext>> TlsContext::load(std::string cert_file, std::string key_file) {
  auto context = make_context(cert_file, key_file);
  if (!context) return context.error();
  return std::make_shared<TlsContext>(std::move(cert_file), std::move(key_file), std::move(*context));
}

Status TlsContext::reload() {
  auto context = make_context(cert_file_, key_file_);
  if (!context) return context.error();
  std::lock_guard lock(mutex_);
  context_ = std::move(*context);
  return Status::success();
}

std::shared_ptr<ssl::context> TlsContext::current() const {
  std::lock_guard lock(mutex_);
  return context_;
}

}  // namespace zkpush::http
