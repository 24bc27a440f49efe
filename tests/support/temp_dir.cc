#include "support/temp_dir.h"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

namespace zkpush::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "zkpush-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;  // a test that failed half-way may leave anything behind
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace zkpush::test
