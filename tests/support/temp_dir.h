// A fresh directory per test (data directories, database files), removed
// with everything in it when the test ends.
#pragma once

#include <string>
#include <string_view>

namespace zkpush::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `name` inside the directory.
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

}  // namespace zkpush::test
