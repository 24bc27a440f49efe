// HTTPS for terminals and the API (--tls-listen/--tls-cert/--tls-key,
// --api-tls-cert/--api-tls-key) against the real binary: a self-signed
// certificate made here with the OpenSSL API, a handshake and an ATTLOG
// upload over TLS checked through what was stored, the plain listener still
// serving beside it, and the certificate reloaded on SIGHUP (a bad new one
// keeps the old).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <fstream>
#include <memory>

#include "harness.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using namespace std::chrono_literals;

// A self-signed P-256 certificate for 127.0.0.1 whose subject CN is `name`.
struct SelfSigned {
  std::string cert_pem, key_pem;
};

SelfSigned make_certificate(const std::string& name) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(std::hash<std::string>{}(name) & 0x7fffffff));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), subject);
  X509_sign(cert.get(), key.get(), EVP_sha256());

  auto pem = [](auto write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    write(bio.get());
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
  };
  SelfSigned out;
  out.cert_pem = pem([&](BIO* bio) { PEM_write_bio_X509(bio, cert.get()); });
  out.key_pem = pem([&](BIO* bio) { PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
  return out;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// One request over TLS, trusting only `trusted_pem`; returns the whole
// response (the request says Connection: close) and the certificate's CN.
struct TlsReply {
  std::string response, peer_name;
};

TlsReply tls_exchange(int port, const std::string& trusted_pem, const std::string& request) {
  asio::io_context io;
  ssl::context client(ssl::context::tls_client);
  client.add_certificate_authority(asio::buffer(trusted_pem));
  client.set_verify_mode(ssl::verify_peer);
  ssl::stream<asio::ip::tcp::socket> stream(io, client);
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  stream.handshake(ssl::stream_base::client);  // throws when the certificate is not the trusted one

  TlsReply out;
  std::unique_ptr<X509, decltype(&X509_free)> peer(SSL_get1_peer_certificate(stream.native_handle()), &X509_free);
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(peer.get()), NID_commonName, name, sizeof name);
  out.peer_name = name;

  asio::write(stream, asio::buffer(request));
  boost::system::error_code ec;
  asio::read(stream, asio::dynamic_buffer(out.response), ec);  // until the server closes
  return out;
}

std::string body_of(const std::string& response) { return response.substr(response.find("\r\n\r\n") + 4); }

class Tls : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = certs_.path() + "/cert.pem";
    key_ = certs_.path() + "/key.pem";
    first_ = make_certificate("zkpush-first");
    write_file(cert_, first_.cert_pem);
    write_file(key_, first_.key_pem);
    server_ = std::make_unique<Server>(
        dir_.path(),
        std::vector<std::string>{"--tls-listen", "127.0.0.1:0", "--tls-cert", cert_, "--tls-key", key_},
        LaunchOptions{true});
    tls_port_ = server_->port("device-tls");
    ASSERT_NE(tls_port_, 0);
  }

  TempDir dir_, certs_;
  std::string cert_, key_;
  SelfSigned first_;
  std::unique_ptr<Server> server_;
  int tls_port_ = 0;
};

TEST_F(Tls, HandshakeAndUploadOverTls) {
  auto handshake = tls_exchange(tls_port_, first_.cert_pem,
                                "GET /iclock/cdata?SN=TLS1&options=all&pushver=2.4.1 HTTP/1.1\r\nHost: x\r\n"
                                "Connection: close\r\n\r\n");
  EXPECT_EQ(handshake.peer_name, "zkpush-first");
  EXPECT_EQ(handshake.response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << handshake.response;
  EXPECT_EQ(body_of(handshake.response).rfind("GET OPTION FROM: TLS1\n", 0), 0u) << handshake.response;

  const std::string punch = "42\t2026-11-28 08:00:00\t0\t15\t0\t0\t0\n";
  auto upload = tls_exchange(tls_port_, first_.cert_pem,
                             "POST /iclock/cdata?SN=TLS1&table=ATTLOG&Stamp=1 HTTP/1.1\r\nHost: x\r\n"
                             "Connection: close\r\nContent-Length: " + std::to_string(punch.size()) + "\r\n\r\n" +
                                 punch);
  EXPECT_EQ(body_of(upload.response), "OK: 1");
  auto rows = server_->api_get("/api/v1/devices/TLS1/attendance")["items"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["pin"], "42");
  EXPECT_EQ(rows[0]["time"], "2026-11-28 08:00:00");
  EXPECT_EQ(rows[0]["verify"], 15);

  // The plain listener serves beside it, and plain HTTP on the TLS port is no request.
  EXPECT_EQ(server_->get("/iclock/ping?SN=TLS1").body, "OK");
  EXPECT_EQ(send_raw(tls_port_, "GET /iclock/ping?SN=TLS1 HTTP/1.1\r\nHost: x\r\n\r\n").status, 0);
  EXPECT_EQ(server_->get("/iclock/ping?SN=TLS1").body, "OK");
}

TEST_F(Tls, SighupReloadsTheCertificateAndABadOneKeepsTheOld) {
  const SelfSigned second = make_certificate("zkpush-second");
  write_file(cert_, second.cert_pem);
  write_file(key_, second.key_pem);
  ASSERT_EQ(::kill(server_->pid(), SIGHUP), 0);
  const std::string ping = "GET /iclock/ping?SN=TLS2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  // The reload is logged at info (not captured), the failure below at error.
  ASSERT_TRUE(eventually([&] {
    try {
      return tls_exchange(tls_port_, second.cert_pem, ping).peer_name == "zkpush-second";
    } catch (const std::exception&) {  // still the first certificate
      return false;
    }
  }));

  write_file(cert_, "not a certificate\n");
  ASSERT_EQ(::kill(server_->pid(), SIGHUP), 0);
  EXPECT_TRUE(server_->wait_for_log("TLS certificate reload failed, keeping the previous one")) << server_->log();
  auto reply = tls_exchange(tls_port_, second.cert_pem, ping);
  EXPECT_EQ(reply.peer_name, "zkpush-second");
  EXPECT_EQ(body_of(reply.response), "OK");
}

TEST(TlsApi, TheApiListenerSpeaksTls) {
  TempDir dir, certs;
  const SelfSigned cert = make_certificate("zkpush-api");
  write_file(certs.path() + "/cert.pem", cert.cert_pem);
  write_file(certs.path() + "/key.pem", cert.key_pem);
  Server server(dir.path(), {"--api-tls-cert", certs.path() + "/cert.pem", "--api-tls-key", certs.path() + "/key.pem"});
  auto reply = tls_exchange(server.api_port(), cert.cert_pem,
                            "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(nlohmann::json::parse(body_of(reply.response))["status"], "ok");
}

TEST(TlsApi, MismatchedOrMissingFilesStopTheStart) {
  TempDir dir, certs;
  const SelfSigned a = make_certificate("a"), b = make_certificate("b");
  write_file(certs.path() + "/cert.pem", a.cert_pem);
  write_file(certs.path() + "/key.pem", b.key_pem);
  EXPECT_THROW(Server(dir.path(), {"--tls-listen", "127.0.0.1:0", "--tls-cert", certs.path() + "/cert.pem",
                                   "--tls-key", certs.path() + "/key.pem"}),
               std::runtime_error);
  EXPECT_THROW(Server(dir.path(), {"--tls-listen", "127.0.0.1:0"}), std::runtime_error);
}

}  // namespace
}  // namespace zkpush::test
