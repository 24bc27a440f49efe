// The few cryptographic primitives the server needs, over OpenSSL: API tokens
// (random, stored as SHA-256), webhook signatures (HMAC-SHA256) and the
// access panels' session token (MD5).
#pragma once

#include <string>
#include <string_view>

namespace zkpush {

// Lower-case hex of MD5(data): only where a protocol fixes it (the Security
// PUSH token, catalog §1.6), never for secrets of our own.
std::string md5_hex(std::string_view data);

// Lower-case hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

// HMAC-SHA256(key, data): its 32 bytes, and their lower-case hex.
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// `bytes` bytes from the operating system's CSPRNG, as lower-case hex.
// Throws std::runtime_error if the generator fails (it does not on Linux).
std::string random_hex(std::size_t bytes);

}  // namespace zkpush
