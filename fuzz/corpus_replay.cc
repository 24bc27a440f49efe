// The driver that turns a fuzz target into a regression test: it feeds every
// file under the folders given on the command line (the committed corpus,
// fuzz/corpus/<target>/) to the target's LLVMFuzzerTestOneInput, once each.
// Built with the ordinary compiler into `make test` (and `make test-sanitize`,
// where the sanitizers watch every input); a FUZZ_CHECK that fails aborts and
// fails the test. libFuzzer has this mode too, but needs clang.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[i])) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
  }
  std::printf("%zu inputs replayed\n", inputs);
  return inputs > 0 ? 0 : 1;  // an empty corpus is a broken test, not a pass
}
