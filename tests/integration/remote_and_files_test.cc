// Remote attendance (004 §14, 002), background verification, and file
// downloads with Range (004 §12.8.2; capture R36).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness.h"

namespace zkpush::test {
namespace {

class RemoteAndFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(dir_.path());
    ASSERT_EQ(server_->get("/iclock/cdata?SN=R1&options=all&pushver=2.4.1").status, 200);
  }
  void write_file(const std::string& relative, const std::string& content) {
    auto path = std::filesystem::path(dir_.path()) / "files" / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }
  TempDir dir_;
  std::unique_ptr<Server> server_;
};

TEST_F(RemoteAndFiles, RemoteAttendanceAnswersTheStoredPerson) {
  server_->post("/iclock/cdata?SN=R1&table=OPERLOG",
                "USER PIN=147\tName=Bo\tPri=0\tPasswd=1\tCard=99\tGrp=1\tTZ=0000000000000000\n"
                "FP PIN=147\tFID=3\tSize=8\tValid=1\tTMP=QUJDREVG\n");
  auto reply = server_->get("/iclock/cdata?SN=R2&table=RemoteAtt&PIN=147");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body,
            "DATA UPDATE USERINFO PIN=147\tName=Bo\tPasswd=1\tCard=99\tGrp=1\tTZ=0000000000000000\tPri=0\n"
            "DATA UPDATE FINGERTMP PIN=147\tFID=3\tSize=8\tValid=1\tTMP=QUJDREVG\n"
            "OK");
  EXPECT_EQ(server_->get("/iclock/cdata?SN=R2&table=RemoteAtt&PIN=999").body, "OK");
  // 002's form: GET cdata?PIN= with no table (ACC-39).
  EXPECT_EQ(server_->get("/iclock/cdata?SN=R2&PIN=147").body, reply.body);
}

TEST_F(RemoteAndFiles, BackgroundVerificationIsStoredAndAllowed) {  // 004 §12.8.3, ACC-40
  auto post_verify = server_->post("/iclock/cdata?SN=R1&type=PostVerifyData", "pin=5\tverifytype=1\n");
  EXPECT_EQ(post_verify.status, 200);
  EXPECT_EQ(post_verify.body, "OK");
  auto auth = server_->post("/iclock/cdata?SN=R1&AuthType=FP", "PIN=5\tSize=4\tTMP=QUJD");
  EXPECT_EQ(auth.status, 200);
  EXPECT_EQ(auth.body.rfind("AUTH=Success", 0), 0u) << auth.body;
  EXPECT_NE(auth.body.find("PIN=5"), std::string::npos);
  auto verify = server_->api_get("/api/v1/devices/R1/records?table=POSTVERIFY")["items"];
  ASSERT_EQ(verify.size(), 1u);
  EXPECT_EQ(verify[0]["fields"], nlohmann::json::parse(R"([["type","PostVerifyData"],["body","pin=5\tverifytype=1\n"]])"));
  auto auth_rows = server_->api_get("/api/v1/devices/R1/records?table=AUTHVERIFY")["items"];
  ASSERT_EQ(auth_rows.size(), 1u);
  EXPECT_EQ(auth_rows[0]["fields"], nlohmann::json::parse(R"([["AuthType","FP"],["body","PIN=5\tSize=4\tTMP=QUJD"]])"));
}

TEST_F(RemoteAndFiles, FileDownloadWithRange) {
  std::string firmware;
  for (int i = 0; i < 5000; ++i) firmware.push_back(static_cast<char>(i * 7));
  write_file("fw/emfw.cfg", firmware);
  auto whole = server_->get("/iclock/file?SN=R1&url=http://192.168.0.13:89/iclock/file/fw/emfw.cfg");
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(whole.body, firmware);
  EXPECT_EQ(whole.header("content-type"), "application/octet-stream");

  auto part = send_raw(server_->device_port(),
                       "GET /iclock/file?SN=R1&url=fw/emfw.cfg HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-1999\r\n\r\n");
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.header("content-range"), "bytes 1000-1999/5000");
  EXPECT_EQ(part.body, firmware.substr(1000, 1000));

  auto tail = send_raw(server_->device_port(),
                       "GET /iclock/file/fw/emfw.cfg HTTP/1.1\r\nHost: x\r\nRange: bytes=4900-\r\n\r\n");
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, firmware.substr(4900));

  auto beyond = send_raw(server_->device_port(),
                         "GET /iclock/file?SN=R1&url=fw/emfw.cfg HTTP/1.1\r\nHost: x\r\nRange: bytes=6000-\r\n\r\n");
  EXPECT_EQ(beyond.status, 416);
}

TEST_F(RemoteAndFiles, PutFileFetchForm) {  // R36
  write_file("options.cfg", "Delay=5\n");
  auto reply = send_raw(server_->device_port(), "GET /iclock/FileName=options.cfg? HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "Delay=5\n");
}

TEST_F(RemoteAndFiles, FilesOutsideTheFolderAreRefused) {
  std::ofstream(std::filesystem::path(dir_.path()) / "secret.txt") << "no";
  // ".." is refused (403), whatever its spelling; an absolute path names a file inside the folder.
  for (auto [url, status] : {std::pair{"../secret.txt", 403}, std::pair{"/etc/passwd", 404},
                             std::pair{"fw/../../secret.txt", 403}, std::pair{"%2e%2e/secret.txt", 403},
                             std::pair{"fw/..%2F..%2Fsecret.txt", 403}}) {
    auto reply = server_->get(std::string("/iclock/file?SN=R1&url=") + url);
    EXPECT_EQ(reply.status, status) << url;
    EXPECT_NE(reply.body, "no");
  }
  EXPECT_EQ(send_raw(server_->device_port(), "GET /iclock/file/../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n").status,
            403);
  EXPECT_EQ(server_->get("/iclock/file?SN=R1&url=missing.bin").status, 404);
}

}  // namespace
}  // namespace zkpush::test
