// The console's web files, compiled into the binary
// (cmake/console_assets.cmake): served at / (the page) and /console/... (its
// scripts, styles and the libjs-* libraries), from the API listener.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace zkpush::api {

struct ConsoleFile {
  const char* path;          // "/console/app.js"
  const char* content_type;  // "text/javascript; charset=utf-8"
  const char* begin;
  const char* end;
};

// Every file, from the generated table.
const std::vector<ConsoleFile>& console_files();

class ConsoleAssets {
 public:
  ConsoleAssets();
  // The file a GET or HEAD of / or /console/... asks for (304 when the
  // browser's copy is current, 404 for a name that is not there); nullopt
  // for any other request.
  std::optional<http::Response> serve(const http::Request& request) const;

 private:
  struct Entry {
    std::string path;
    std::string_view bytes;
    std::string content_type;
    std::string etag;  // from the bytes' SHA-256: a new build's files are fetched again
  };
  std::vector<Entry> entries_;
};

}  // namespace zkpush::api
