// The certificate and key of a TLS listener (--tls-cert/--tls-key,
// --api-tls-cert/--api-tls-key), reloadable while the server runs: on SIGHUP
// the files are read again into a new OpenSSL context, which new connections
// use; connections already open keep the context they started with (each
// holds a reference). A reload that fails keeps the old context.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "util/error.h"

namespace boost::asio::ssl {
class context;
}

namespace zkpush::http {

class TlsContext {
 public:
  // Reads the PEM certificate chain and private key; fails (with OpenSSL's
  // reason) when either cannot be read or they do not match.
  static Result<std::shared_ptr<TlsContext>> load(std::string cert_file, std::string key_file);

  // Reads the same files again. On failure the current context stays.
  Status reload();

  // The context for a new connection. Thread-safe.
  std::shared_ptr<boost::asio::ssl::context> current() const;

  const std::string& cert_file() const { return cert_file_; }

  TlsContext(std::string cert_file, std::string key_file, std::shared_ptr<boost::asio::ssl::context> context)
      : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)), context_(std::move(context)) {}

 private:
  const std::string cert_file_;
  const std::string key_file_;
  mutable std::mutex mutex_;
  std::shared_ptr<boost::asio::ssl::context> context_;
};

}  // namespace zkpush::http
