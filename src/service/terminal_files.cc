#include "service/terminal_files.h"

#include <filesystem>

#include "protocol/text.h"

namespace zkpush::service {

Result<std::string> terminal_file_path(std::string_view reference) {
  std::string ref(protocol::trim(reference));
  // A URL: keep only its path.
  if (auto scheme = ref.find("://"); scheme != std::string::npos) {
    auto slash = ref.find('/', scheme + 3);
    ref = slash == std::string::npos ? std::string() : ref.substr(slash);
  }
  if (auto q = ref.find('?'); q != std::string::npos) ref.resize(q);
  for (std::string_view prefix : {"/iclock/file/", "iclock/file/", "/file/", "file/"}) {
    if (protocol::istarts_with(ref, prefix)) {
      ref.erase(0, prefix.size());
      break;
    }
  }
  while (!ref.empty() && ref.front() == '/') ref.erase(0, 1);
  if (ref.empty()) return Error::invalid("no file name");
  for (const auto& part : std::filesystem::path(ref))
    if (part == "..") return Error::invalid("file name leaves the files folder");
  return ref;
}

}  // namespace zkpush::service
