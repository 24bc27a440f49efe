#include "util/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "util/hex.h"

namespace zkpush {
namespace {

std::string hex_of(const unsigned char* data, std::size_t size) {
  return to_hex(std::string_view(reinterpret_cast<const char*>(data), size));
}

std::string digest_hex(std::string_view data, const EVP_MD* kind, const char* name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, kind, nullptr) != 1)
    throw std::runtime_error(std::string(name) + " failed");
  return hex_of(digest, size);
}

}  // namespace

std::string md5_hex(std::string_view data) { return digest_hex(data, EVP_md5(), "MD5"); }

std::string sha256_hex(std::string_view data) { return digest_hex(data, EVP_sha256(), "SHA-256"); }

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size) == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) { return to_hex(hmac_sha256(key, data)); }

std::string random_hex(std::size_t bytes) {
  std::string buffer(bytes, '\0');
  auto* p = reinterpret_cast<unsigned char*>(buffer.data());
  if (RAND_bytes(p, static_cast<int>(bytes)) != 1) throw std::runtime_error("no random bytes from OpenSSL");
  return hex_of(p, bytes);
}

}  // namespace zkpush
