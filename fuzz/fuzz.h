// Shared by the libFuzzer targets in this folder (one *_fuzz.cc per parser
// that reads network input; `make fuzz` builds and runs them, fuzz/README.md).
// Each target checks the parser's own promises, not only that it returns:
// FUZZ_CHECK aborts, which libFuzzer reports as a crash with the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(condition)                                                                  \
  do {                                                                                         \
    if (!(condition)) {                                                                        \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

namespace zkpush::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Targets that take several inputs (method, path, query, body...) read them
// from one buffer separated by the ASCII record separator 0x1E; missing parts
// are empty. The seed corpora are written the same way (fuzz/make_corpus.py).
inline constexpr char kPartSeparator = '\x1e';

inline std::vector<std::string_view> parts(std::string_view text, std::size_t count) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < count) {
    std::size_t end = text.find(kPartSeparator);
    if (end == std::string_view::npos) break;
    out.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  out.push_back(text);
  out.resize(count);
  return out;
}

}  // namespace zkpush::fuzz
