// Test helper: loads the field captures under ZKPUSH_CAPTURES_DIR
// (tests/fixtures/captures, described by its INDEX.md) so the codec is
// tested on the bytes real terminals sent. Header-only because the unit-test
// target compiles every tests/*_test.cc and nothing else.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "protocol/upload.h"
#include "support/read_file.h"

namespace zkpush::test {
namespace capture_detail {

// The whole "<id>-<slug>.http" file of capture `id`.
inline std::string http_file(std::string_view id) {
  std::string prefix = std::string(id) + "-";
  for (const auto& entry : std::filesystem::directory_iterator(ZKPUSH_CAPTURES_DIR)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".http")
      return read_file(entry.path());
  }
  ADD_FAILURE() << "no capture " << id << " in " << ZKPUSH_CAPTURES_DIR;
  return {};
}

inline int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace capture_detail

// The body of capture `id` ("R14") from its .http file: every byte after the
// first CRLF CRLF. Records a test failure and returns "" when it is missing.
inline std::string capture_body(std::string_view id) {
  std::string file = capture_detail::http_file(id);
  std::size_t end = file.find("\r\n\r\n");
  if (end == std::string::npos) {
    ADD_FAILURE() << "capture " << id << " has no end of headers";
    return {};
  }
  return file.substr(end + 4);
}

// manifest.json: every capture with its request line, headers, body and notes.
inline nlohmann::json captures_manifest() {
  return nlohmann::json::parse(
      read_file(std::filesystem::path(ZKPUSH_CAPTURES_DIR) / "manifest.json"));
}

// The same body from manifest.json ("body_b64"), decoded with the codec's
// own base64 decoder.
inline std::string manifest_body(std::string_view id) {
  for (const auto& v : captures_manifest()) {
    if (v.value("id", "") != id) continue;
    auto body = protocol::decode_base64(v.value("body_b64", ""));
    if (!body.ok()) {
      ADD_FAILURE() << "manifest body of " << id << ": " << body.error().message;
      return {};
    }
    return body.value();
  }
  ADD_FAILURE() << "no manifest entry " << id;
  return {};
}

// The request target of capture `id`, from its .http request line.
inline std::string capture_target(std::string_view id) {
  std::string file = capture_detail::http_file(id);
  std::string line = file.substr(0, file.find("\r\n"));
  std::size_t first = line.find(' ');
  std::size_t last = line.rfind(' ');
  if (first == std::string::npos || last <= first) return {};
  return line.substr(first + 1, last - first - 1);
}

// The percent-decoded value of query parameter `key` in `target`, or "".
inline std::string query_param(std::string_view target, std::string_view key) {
  std::size_t q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = target.substr(q + 1);
  for (;;) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key)
      return eq == std::string_view::npos ? ""
                                          : capture_detail::percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) return {};
    query.remove_prefix(amp + 1);
  }
}

}  // namespace zkpush::test
