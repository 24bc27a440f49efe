#include "sim/synthetic.h"

#include <string>

namespace zkpush::sim {

uint64_t fnv1a(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

std::string synthetic_bytes(std::string_view seed, std::size_t n) {
  uint64_t x = fnv1a(seed) | 1;
  std::string out(n, '\0');
  for (char& c : out) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    c = static_cast<char>((x * 2685821657736338717ull) >> 56);
  }
  return out;
}

namespace {

void segment(std::string& out, unsigned char marker, std::string_view payload) {
  const std::size_t length = payload.size() + 2;
  out += '\xFF';
  out += static_cast<char>(marker);
  out += static_cast<char>(length >> 8);
  out += static_cast<char>(length & 0xFF);
  out += payload;
}

}  // namespace

std::string tiny_jpeg(std::string_view seed) {
  // Built by hand rather than with an image library: the emulator needs only
  // a decodable picture, not an encoder. One 8x8 block whose DC difference
  // and AC coefficients are all zero (mid grey), with the smallest Huffman
  // tables that can say so: one DC symbol (category 0) and one AC symbol
  // (EOB), each coded "0". The scan is then the bits 00, padded with ones.
  using namespace std::literals;
  std::string out = "\xFF\xD8"s;
  segment(out, 0xE0, "JFIF\0\x01\x01\0\0\x01\0\x01\0\0"sv);                 // APP0: JFIF 1.1, 1:1 aspect
  segment(out, 0xFE, seed.substr(0, 65000));                                   // COM: what makes it unique
  segment(out, 0xDB, "\0"s + std::string(64, '\x01'));                          // DQT 0: all ones
  segment(out, 0xC0, "\x08\0\x08\0\x08\x01\x01\x11\0"sv);                      // SOF0: 8 bits, 8x8, 1 component
  segment(out, 0xC4, "\x00\x01"s + std::string(15, '\0') + "\x00"s);          // DHT DC 0: one 1-bit code, symbol 0
  segment(out, 0xC4, "\x10\x01"s + std::string(15, '\0') + "\x00"s);          // DHT AC 0: one 1-bit code, EOB
  segment(out, 0xDA, "\x01\x01\x00\x00\x3F\x00"sv);                            // SOS: component 1, tables 0/0
  out += "\x3F\xFF\xD9"s;  // scan bits 00111111, then EOI
  return out;
}

}  // namespace zkpush::sim
