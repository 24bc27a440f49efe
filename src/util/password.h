// Password hashing for the console's accounts: Argon2id, memory-hard, from
// libsodium (crypto_pwhash_str), with its "interactive" cost (64 MiB, two
// passes: ~0.1 s here). The hash string carries its own salt and costs, so
// a later, dearer cost still verifies the old hashes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zkpush {

// The "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string; nullopt only when
// the memory cannot be had.
std::optional<std::string> hash_password(std::string_view password);

// Whether `password` matches `hash` (false for a malformed hash).
bool verify_password(const std::string& hash, std::string_view password);

// Equal strings, compared in a time that does not depend on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace zkpush
