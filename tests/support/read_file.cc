#include "support/read_file.h"

#include <fstream>
#include <iterator>

namespace zkpush::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace zkpush::test
