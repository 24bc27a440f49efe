// A whole file's bytes, for tests that compare against fixtures and documents.
#pragma once

#include <filesystem>
#include <string>

namespace zkpush::test {

// The file's content, byte for byte; "" when it cannot be read (the caller's
// comparison then says what was expected).
std::string read_file(const std::filesystem::path& path);

}  // namespace zkpush::test
