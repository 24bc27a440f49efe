// Files terminals download (PutFile, UPGRADE: `GET /iclock/file?url=...`),
// kept in the database so that every node of a cluster serves the same ones;
// put and deleted through the API. store.h includes this file.
#pragma once

#include <cstdint>
#include <string>

#include "store/ids.h"

namespace zkpush::store {

// A file's path is relative to the files terminals see ("fw/x.tgz"), the same
// name a terminal asks for.
struct TerminalFileRow {
  std::string path;
  int64_t size = 0;
  std::string sha256;  // lower-case hex, for an operator to check the upload
  TimeMs created_at = 0;
  std::string bytes;  // empty in Store::terminal_files(), which lists metadata only
};

// Stores the file, replacing one with the same path.
struct PutTerminalFile {
  std::string path;
  std::string bytes;
  TimeMs now = 0;
  std::string sha256{};  // out: lower-case hex of the bytes
};
struct DeleteTerminalFile {
  std::string path;
  bool deleted = false;  // out: false when there was no such file
};

}  // namespace zkpush::store
