// Files terminals download, put through the API (PUT /api/v1/files/{path}):
// kept in the database, so a terminal gets them from the node that took the
// upload and from every other node on the same database; a file under
// <data>/files still serves a lone node when the store has none of that name.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness.h"
#include "support/postgres_server.h"
#include "util/crypto.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

// Binary and larger than the API's 1 MiB JSON bodies: firmware-like.
std::string firmware_bytes() {
  std::string bytes(2 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 131 + i / 256) & 0xff);
  return bytes;
}

HttpReply put_file(const Server& server, const std::string& path, const std::string& bytes) {
  return server.api_as(server.admin_token(), "PUT", "/api/v1/files/" + path, bytes,
                       "Content-Type: application/octet-stream\r\n");
}

void write_local_file(const std::string& data_dir, const std::string& relative, const std::string& content) {
  auto path = std::filesystem::path(data_dir) / "files" / relative;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

TEST(TerminalFiles, AFilePutThroughTheApiIsDownloadedByTerminals) {
  TempDir dir;
  Server server(dir.path());
  const std::string firmware = firmware_bytes();
  HttpReply put = put_file(server, "fw/emfw.bin", firmware);
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(json::parse(put.body),
            (json{{"path", "fw/emfw.bin"}, {"size", firmware.size()}, {"sha256", sha256_hex(firmware)}}));

  // Every form a terminal names it by, whole and in ranges, as a file on the disk is served.
  for (const char* target : {"/iclock/file?SN=F1&url=http://10.0.0.1:8081/iclock/file/fw/emfw.bin",
                             "/iclock/file?SN=F1&url=fw/emfw.bin", "/iclock/file/fw/emfw.bin"}) {
    HttpReply whole = server.get(target);
    EXPECT_EQ(whole.status, 200) << target;
    EXPECT_EQ(whole.header("content-type"), "application/octet-stream");
    EXPECT_EQ(whole.header("accept-ranges"), "bytes");
    EXPECT_TRUE(whole.body == firmware) << target;
  }
  HttpReply part = send_raw(server.device_port(),
                            "GET /iclock/file/fw/emfw.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-1999\r\n\r\n");
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.header("content-range"), "bytes 1000-1999/" + std::to_string(firmware.size()));
  EXPECT_TRUE(part.body == firmware.substr(1000, 1000));
  EXPECT_EQ(send_raw(server.device_port(),
                     "GET /iclock/file/fw/emfw.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=99999999-\r\n\r\n")
                .status,
            416);

  const json listed = server.api_get("/api/v1/files")["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["path"], "fw/emfw.bin");
  EXPECT_EQ(listed[0]["size"], firmware.size());
  EXPECT_EQ(listed[0]["sha256"], sha256_hex(firmware));
  EXPECT_FALSE(listed[0].contains("bytes"));

  EXPECT_EQ(server.api_raw("DELETE", "/api/v1/files/fw/emfw.bin").status, 200);
  EXPECT_EQ(server.get("/iclock/file/fw/emfw.bin").status, 404);
  EXPECT_EQ(server.api_raw("DELETE", "/api/v1/files/fw/emfw.bin").status, 404);
}

TEST(TerminalFiles, AStoredFileComesFirstAndTheFilesFolderStillServes) {
  TempDir dir;
  Server server(dir.path());
  write_local_file(dir.path(), "options.cfg", "Delay=5\n");
  write_local_file(dir.path(), "only-local.cfg", "local\n");
  EXPECT_EQ(server.get("/iclock/file?SN=F1&url=options.cfg").body, "Delay=5\n");
  ASSERT_EQ(put_file(server, "options.cfg", "Delay=9\n").status, 201);
  EXPECT_EQ(server.get("/iclock/file?SN=F1&url=options.cfg").body, "Delay=9\n");
  ASSERT_EQ(put_file(server, "options.cfg", "Delay=7\n").status, 201);  // replaced
  EXPECT_EQ(server.get("/iclock/file?SN=F1&url=options.cfg").body, "Delay=7\n");
  EXPECT_EQ(server.get("/iclock/file/only-local.cfg").body, "local\n");
  ASSERT_EQ(server.api_raw("DELETE", "/api/v1/files/options.cfg").status, 200);
  EXPECT_EQ(server.get("/iclock/file?SN=F1&url=options.cfg").body, "Delay=5\n");
}

TEST(TerminalFiles, NamesLeavingTheFilesAndLargeJsonBodiesAreRefused) {
  TempDir dir;
  Server server(dir.path());
  for (const char* path : {"..%2Fsecret.txt", "fw/../../x", "file/x.bin", "a%3Fb"})
    EXPECT_EQ(put_file(server, path, "x").status, 400) << path;
  EXPECT_TRUE(server.api_get("/api/v1/files")["items"].empty());
  EXPECT_EQ(server.get("/iclock/file?SN=F1&url=../secret.txt").status, 403);
  EXPECT_EQ(server.api_as("", "PUT", "/api/v1/files/x.bin", "x").status, 401);
  // Only file uploads take firmware-sized bodies: JSON routes keep 1 MiB, refused from the head.
  RawClient json_post(server.api_port());
  json_post.send("POST /api/v1/webhooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.admin_token() +
                 "\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n");
  EXPECT_EQ(json_post.read_until_close(std::chrono::seconds(3)).substr(0, 13), "HTTP/1.1 413 ");
}

TEST(TerminalFiles, EveryNodeOnTheDatabaseServesAFilePutThroughOne) {
  TempDir dir;
  const std::string database = PostgresServer::shared().create_database();
  Server a(dir.file("a"), {"--database", database});
  Server b(dir.file("b"), {"--database", database});
  const std::string firmware = firmware_bytes();
  ASSERT_EQ(put_file(a, "fw/upgrade.tgz", firmware).status, 201);
  HttpReply got = b.get("/iclock/file?SN=F2&url=fw/upgrade.tgz");
  EXPECT_EQ(got.status, 200);
  EXPECT_TRUE(got.body == firmware);
  EXPECT_EQ(b.api_get("/api/v1/files")["items"][0]["sha256"], sha256_hex(firmware));
  ASSERT_EQ(b.api_raw("DELETE", "/api/v1/files/fw/upgrade.tgz").status, 200);
  EXPECT_EQ(a.get("/iclock/file/fw/upgrade.tgz").status, 404);
}

}  // namespace
}  // namespace zkpush::test
