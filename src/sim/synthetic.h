// Synthetic but stable content for the emulated terminal: template bytes and
// photos derived from a seed (terminal, PIN, kind, time), so a test can
// recompute what a terminal produced and two terminals never collide.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace zkpush::sim {

// FNV-1a, 64 bits.
uint64_t fnv1a(std::string_view text);

// `n` pseudo-random bytes from `seed` (xorshift64*).
std::string synthetic_bytes(std::string_view seed, std::size_t n);

// A small valid baseline JPEG (8x8 grey, about 150 bytes) with `seed` in a
// comment segment, so every photo's bytes differ.
std::string tiny_jpeg(std::string_view seed);

}  // namespace zkpush::sim
