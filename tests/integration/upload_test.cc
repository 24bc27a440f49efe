// Every upload type over real sockets, checked through the API: what was
// stored and what was replied.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "harness.h"
#include "protocol/upload.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

class Upload : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(dir_.path());
    ASSERT_EQ(server_->get("/iclock/cdata?SN=DEV1&options=all&pushver=2.4.1&language=69").status, 200);
  }
  Server& server() { return *server_; }
  TempDir dir_;
  std::unique_ptr<Server> server_;
};

TEST_F(Upload, AttlogStoredWithEveryFieldAndCounted) {
  const std::string body =
      "1452\t2015-07-30 15:16:28\t0\t1\t0\t0\t0\n"
      "SA40X\t2023-01-02 08:00:00\t255\t15\t\t0\t0\t1\t36.5\t97.7\t77\n"  // 11 fields, non-numeric PIN
      "\n"                                                                // blank line: not counted
      "7\t2023-01-02 08:00:01\t1\t1\t\t0\t0\t\n";                         // trailing tab
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=9999", body);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK: 3");

  auto page = server().api_get("/api/v1/devices/DEV1/attendance");
  ASSERT_EQ(page["items"].size(), 3u);
  const auto& a = page["items"][0];
  EXPECT_EQ(a["pin"], "1452");
  EXPECT_EQ(a["time"], "2015-07-30 15:16:28");
  EXPECT_EQ(a["status"], 0);
  EXPECT_EQ(a["verify"], 1);
  const auto& b = page["items"][1];
  EXPECT_EQ(b["pin"], "SA40X");
  EXPECT_EQ(b["status"], 255);
  EXPECT_EQ(b["verify"], 15);
  EXPECT_EQ(b["workcode"], "");
  EXPECT_EQ(b["extra"], json({"1", "36.5", "97.7", "77"}));
  EXPECT_EQ(page["items"][2]["extra"], json::array());
  EXPECT_FALSE(a["received_at"].get<std::string>().empty());
  EXPECT_TRUE(a.contains("time_zone"));

  auto device = server().api_get("/api/v1/devices/DEV1");
  EXPECT_EQ(device["stamps"]["ATTLOG"], "9999");
}

TEST_F(Upload, ResentBatchCreatesNoDuplicates) {
  std::string body;
  for (int i = 0; i < 128; ++i)
    body += std::to_string(100 + i % 7) + "\t2024-03-01 08:" + std::to_string(10 + i / 60) + ":" +
            (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "\t0\t1\t0\t0\t0\n";
  for (int round = 0; round < 3; ++round)
    EXPECT_EQ(server().post("/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=9999", body).body, "OK: 128");
  auto page = server().api_get("/api/v1/devices/DEV1/attendance?limit=1000");
  EXPECT_EQ(page["items"].size(), 128u);
}

TEST_F(Upload, SameSecondDifferentVerifyKeepsBoth) {  // R25: face then finger in one second
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=9999",
                             "5\t2026-01-10 09:00:00\t255\t15\t0\t0\t0\t0\t101\r\n"
                             "5\t2026-01-10 09:00:00\t255\t1\t0\t0\t0\t0\t102");
  EXPECT_EQ(reply.body, "OK: 2");
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1/attendance")["items"].size(), 2u);
}

TEST_F(Upload, EmptyUploadIsAcknowledgedWithNonZeroCount) {  // B1
  EXPECT_EQ(server().post("/iclock/cdata?SN=DEV1&table=OPERLOG&Stamp=1", "").body, "OK: 1");
}

TEST_F(Upload, StampZeroIsNeverStored) {  // ACC-11, AMB-19
  server().post("/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=500", "1\t2024-01-01 00:00:00\t0\t1\n");
  server().post("/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=0", "1\t2024-01-01 00:00:01\t0\t1\n");
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1")["stamps"]["ATTLOG"], "500");
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1/attendance")["items"].size(), 2u);
}

TEST_F(Upload, OperlogMixedTagsStoredByKind) {
  const std::string fp_tmp = "SghTUzIxAAADS00ECAUHCc7QAAAnSnkBAAAAg/YUfEsyAIEPHgH6ALFHRQBBAPkP8wBAS2UPEwBTACYPe0tY";
  const std::string body =
      "OPLOG 4\t14\t2015-07-30 10:22:34\t0\t0\t0\t0\n"
      "USER PIN=36234\tName=Ana Lima\tPri=0\tPasswd=\tCard=[15CD5B07]\tGrp=1\tTZ=0001000000000000\tVerify=-1\t"
      "ViceCard=\n"
      "FP PIN=36234\tFID=6\tSize=" + std::to_string(fp_tmp.size()) + "\tValid=1 TMP=" + fp_tmp + "\n"
      "FACE PIN=36234\tFID=0\tSIZE=8\tVALID=1\tTMP=AAAAAAAA\n"
      "FVEIN Pin=36234\tFID=2\tIndex=1\tSize=4\tValid=1\tTmp=QUJD\n"
      "OPLOG 70\t0\t2024-05-05 10:00:00\t36234\t0\t0\t0\n";
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=OPERLOG&Stamp=42", body);
  EXPECT_EQ(reply.body, "OK: 6");

  auto users = server().api_get("/api/v1/devices/DEV1/users");
  ASSERT_EQ(users["items"].size(), 1u);
  EXPECT_EQ(users["items"][0]["pin"], "36234");
  EXPECT_EQ(users["items"][0]["name"], "Ana Lima");
  EXPECT_EQ(users["items"][0]["card"], "[15CD5B07]");
  EXPECT_EQ(users["items"][0]["tz"], "0001000000000000");
  EXPECT_EQ(users["items"][0]["verify"], "-1");

  auto templates = server().api_get("/api/v1/devices/DEV1/templates");
  ASSERT_EQ(templates["items"].size(), 3u);
  std::map<std::string, json> by_kind;
  for (const auto& t : templates["items"]) by_kind[t["kind"]] = t;
  EXPECT_EQ(by_kind["FP"]["no"], 6);
  EXPECT_EQ(by_kind["FP"]["tmp"], fp_tmp);
  EXPECT_EQ(by_kind["FACE"]["tmp"], "AAAAAAAA");
  EXPECT_EQ(by_kind["FVEIN"]["index"], 1);

  auto oplog = server().api_get("/api/v1/devices/DEV1/oplog");
  ASSERT_EQ(oplog["items"].size(), 2u);
  EXPECT_EQ(oplog["items"][0]["op_type"], 4);
  EXPECT_EQ(oplog["items"][0]["op_who"], "14");
  EXPECT_EQ(oplog["items"][1]["op_type"], 70);
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1")["stamps"]["OPERLOG"], "42");
}

TEST_F(Upload, UserUpsertKeepsFieldsTheTerminalDidNotSend) {  // ACC-20: no Card on FP-only devices
  server().post("/iclock/cdata?SN=DEV1&table=OPERLOG", "USER PIN=9\tName=Old\tCard=777\n");
  server().post("/iclock/cdata?SN=DEV1&table=OPERLOG", "USER PIN=9\tName=New\n");
  auto users = server().api_get("/api/v1/devices/DEV1/users");
  ASSERT_EQ(users["items"].size(), 1u);
  EXPECT_EQ(users["items"][0]["name"], "New");
  EXPECT_EQ(users["items"][0]["card"], "777");
}

TEST_F(Upload, BiodataTable) {  // 004 §11.12, R18
  auto reply = server().post(
      "/iclock/cdata?SN=DEV1&table=BIODATA&Stamp=7",
      "BIODATA Pin=1\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=58\tMinorVer=0\tFormat=0\tTmp=QUJDRA==\n");
  EXPECT_EQ(reply.body, "OK: 1");
  auto t = server().api_get("/api/v1/devices/DEV1/templates")["items"][0];
  EXPECT_EQ(t["kind"], "BIODATA");
  EXPECT_EQ(t["type"], 9);
  EXPECT_EQ(t["major_ver"], "58");
  EXPECT_EQ(t["tmp"], "QUJDRA==");
}

TEST_F(Upload, OptionsBodyStoresEveryKey) {  // 004 §8, D02
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=options",
                             "~OEMVendor=ZKTECO CO., LTD.,FingerFunOn=1,FaceFunOn=1,MultiBioDataSupport=0:1:0");
  EXPECT_EQ(reply.body, "OK");
  auto info = server().api_get("/api/v1/devices/DEV1")["info"];
  EXPECT_EQ(info["~OEMVendor"], "ZKTECO CO., LTD.");
  EXPECT_EQ(info["FingerFunOn"], "1");
  EXPECT_EQ(info["MultiBioDataSupport"], "0:1:0");
}

TEST_F(Upload, AttendancePhotoBytesAreStored) {  // 004 §11.3
  // Each \x00 ends its literal: "\x00b" would be one escape, 0x00B.
  std::string jpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x00" "binary\x00" "data\xFF\xD9", 26);
  std::string body = "PIN=20150731103012-123.jpg\nSN=DEV1\nsize=" + std::to_string(jpeg.size()) +
                     "\nCMD=uploadphoto" + std::string(1, '\0') + jpeg;
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=ATTPHOTO&Stamp=9999", body);
  EXPECT_EQ(reply.body, "OK");
  auto photos = server().api_get("/api/v1/devices/DEV1/photos");
  ASSERT_EQ(photos["items"].size(), 1u);
  EXPECT_EQ(photos["items"][0]["kind"], "ATTPHOTO");
  EXPECT_EQ(photos["items"][0]["pin"], "123");
  EXPECT_EQ(photos["items"][0]["filename"], "20150731103012-123.jpg");
  auto image = server().api_raw("GET", photos["items"][0]["url"].get<std::string>());
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.header("content-type"), "image/jpeg");
  EXPECT_EQ(image.body, jpeg);
}

TEST_F(Upload, LegacyFdataPhotoAndRawJpeg) {  // ACC-27 (a) and (d)
  std::string jpeg("\xFF\xD8\xFF\xDB""abc\xFF\xD9", 9);
  auto a = server().post("/iclock/fdata?SN=DEV1&PIN=20240101120000-5.jpg&PhotoStamp=3",
                         "PIN=20240101120000-5.jpg\nSN=DEV1\nsize=9\nCMD=realupload" + std::string(1, '\0') + jpeg);
  EXPECT_EQ(a.status, 200);
  auto d = server().post("/iclock/fdata?SN=DEV1&table=ATTPHOTO&Stamp=4&PIN=20240101120001-6.jpg", jpeg,
                         "Content-Type: application/octet-stream\r\n");
  EXPECT_EQ(d.status, 200);
  auto photos = server().api_get("/api/v1/devices/DEV1/photos")["items"];
  ASSERT_EQ(photos.size(), 2u);
  EXPECT_EQ(photos[0]["pin"], "5");
  EXPECT_EQ(photos[1]["pin"], "6");
  EXPECT_EQ(server().api_raw("GET", photos[1]["url"].get<std::string>()).body, jpeg);
}

TEST_F(Upload, Base64AttendancePhoto) {  // ATTPHOTOBase64=1 (004 §5)
  std::string jpeg("\xFF\xD8\xFF\xE0 base64 me \xFF\xD9", 17);
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=ATTPHOTO&Stamp=5",
                             "PIN=20240202101010-8.jpg\nSN=DEV1\nsize=17\nCMD=uploadphoto" + std::string(1, '\0') +
                                 protocol::encode_base64(jpeg));
  EXPECT_EQ(reply.body, "OK");
  auto photos = server().api_get("/api/v1/devices/DEV1/photos")["items"];
  ASSERT_EQ(photos.size(), 1u);
  EXPECT_EQ(server().api_raw("GET", photos[0]["url"].get<std::string>()).body, jpeg);
}

TEST_F(Upload, FingerprintEnrolmentImage) {  // 000:L191, ACC-29
  std::string bmp("BM\x36\x00\x00\x00\x00\x00pixels\x00\xFF", 16);
  auto reply = server().post("/iclock/cdata?SN=DEV1&FPImage=/tmp/enroll_fp_1.bmp&PIN=982&FID=0", bmp);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "OK");
  auto photos = server().api_get("/api/v1/devices/DEV1/photos")["items"];
  ASSERT_EQ(photos.size(), 1u);
  EXPECT_EQ(photos[0]["kind"], "FPIMAGE");
  EXPECT_EQ(photos[0]["pin"], "982");
  EXPECT_EQ(photos[0]["filename"], "/tmp/enroll_fp_1.bmp");
  EXPECT_EQ(server().api_raw("GET", photos[0]["url"].get<std::string>()).body, bmp);
}

TEST_F(Upload, HistoryReplayOf45000RecordsStoresEachOnce) {  // B2: MB10-VL replays 44,718 records
  auto batch = [](int first) {
    std::string body;
    for (int i = first; i < first + 128 && i < 45000; ++i) {
      int minute = i / 60, second = i % 60;
      char line[96];
      std::snprintf(line, sizeof line, "%d\t2025-%02d-%02d %02d:%02d:%02d\t0\t15\t0\t0\t0\t0\t0\t0\t%d\n",
                    1 + i % 50, 1 + minute / 14400 % 12, 1 + minute / 1440 % 28, minute / 60 % 24, minute % 60,
                    second, 10000 + i);
      body += line;
    }
    return body;
  };
  for (int round = 0; round < 2; ++round) {
    const auto start = std::chrono::steady_clock::now();
    for (int first = 0; first < 45000; first += 128) {
      auto reply = server().post("/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=9999", batch(first));
      ASSERT_EQ(reply.status, 200);
      ASSERT_EQ(reply.body, "OK: " + std::to_string(std::min(128, 45000 - first)));
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::printf("history round %d: 45000 records in %lld ms\n", round + 1, static_cast<long long>(ms.count()));
  }
  EXPECT_EQ(server().api_get_all("/api/v1/devices/DEV1/attendance").size(), 45000u);
}

TEST_F(Upload, UserPhotoAndBiophotoLines) {  // 004 §11.13, §11.15
  std::string jpeg("\xFF\xD8\xFF\xE0zz\xFF\xD9", 8);
  std::string b64 = protocol::encode_base64(jpeg);
  auto reply = server().post(
      "/iclock/cdata?SN=DEV1&table=OPERLOG&Stamp=1",
      "USERPIC PIN=123\tFileName=123.jpg\tSize=" + std::to_string(b64.size()) + "\tContent=" + b64 + "\n" +
          "BIOPHOTO PIN=123\tFileName=123.jpg\tType=9\tSize=" + std::to_string(b64.size()) + "\tContent=" + b64 +
          "\n");
  EXPECT_EQ(reply.body, "OK: 2");
  auto photos = server().api_get("/api/v1/devices/DEV1/photos")["items"];
  ASSERT_EQ(photos.size(), 2u);
  EXPECT_EQ(photos[0]["kind"], "USERPIC");
  EXPECT_EQ(photos[1]["kind"], "BIOPHOTO");
  EXPECT_EQ(photos[1]["type"], 9);
  EXPECT_EQ(server().api_raw("GET", photos[0]["url"].get<std::string>()).body, jpeg);
}

TEST_F(Upload, LegacyRoutingWithoutTable) {  // ACC-09, ACC-18, 000
  ASSERT_EQ(server().get("/iclock/cdata?SN=OLD1&options=all").status, 200);
  auto att = server().post("/iclock/cdata?SN=OLD1&Stamp=77", "3 2008-02-19 08:00:00 0 1\n");  // space-separated
  EXPECT_EQ(att.body, "OK");  // legacy firmware expects a bare OK
  auto op = server().post("/iclock/cdata?SN=OLD1&OpStamp=78", "USER PIN=3\tName=Old Timer\tPasswd=\tCard=\tGrp=1\tTZ=\n");
  EXPECT_EQ(op.body, "OK");
  auto att_rows = server().api_get("/api/v1/devices/OLD1/attendance")["items"];
  ASSERT_EQ(att_rows.size(), 1u);
  EXPECT_EQ(att_rows[0]["time"], "2008-02-19 08:00:00");
  EXPECT_EQ(server().api_get("/api/v1/devices/OLD1/users")["items"][0]["name"], "Old Timer");
  auto device = server().api_get("/api/v1/devices/OLD1");
  EXPECT_EQ(device["stamps"]["ATTLOG"], "77");
  EXPECT_EQ(device["stamps"]["OPERLOG"], "78");
}

TEST_F(Upload, Tables003WithoutPrefixes) {  // ACC-24
  server().post("/iclock/cdata?SN=DEV1&table=USERINFO", "PIN=11\tName=Lee\tPri=0\tPasswd=\tCard=5\tGrp=1\n");
  server().post("/iclock/cdata?SN=DEV1&table=FINGERTMP", "PIN=11\tFID=1\tSize=4\tValid=1\tTMP=QUJD\n");
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1/users")["items"][0]["name"], "Lee");
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1/templates")["items"][0]["tmp"], "QUJD");
}

TEST_F(Upload, ErrorlogAndIdcard) {  // 004 §11.6, §11.16
  EXPECT_EQ(server().post("/iclock/cdata?SN=DEV1&table=ERRORLOG&Stamp=1",
                          "ERRORLOG ErrCode=D01E0001\tErrMsg=\tDataOrigin=cmd\tCmdId=123\tAdditional=\n").body,
            "OK");
  EXPECT_EQ(server().post("/iclock/cdata?SN=DEV1&table=IDCARD&Stamp=1",
                          "IDCARD PIN=0\tSNNum=1\tIDNum=210218199105072345\tName=Wang\n").body,
            "OK: 1");
  auto errors = server().api_get("/api/v1/devices/DEV1/errorlog")["items"];
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["err_code"], "D01E0001");
  EXPECT_EQ(errors[0]["data_origin"], "cmd");
  EXPECT_EQ(errors[0]["cmd_id"], "123");
  auto cards = server().api_get("/api/v1/devices/DEV1/records?table=idcard")["items"];
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_EQ(cards[0]["table"], "IDCARD");
  EXPECT_EQ(cards[0]["fields"], json::parse(R"([["PIN","0"],["SNNum","1"],["IDNum","210218199105072345"],["Name","Wang"]])"));
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1")["stamps"]["ERRORLOG"], "1");
}

TEST_F(Upload, MalformedLinesAreCountedNotResentForever) {
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=5",
                             "1\t2024-01-01 00:00:00\t0\t1\nthis is not a punch\n2\tnot-a-time\t0\t1\n");
  EXPECT_EQ(reply.body, "OK: 3");
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1/attendance")["items"].size(), 1u);
  auto rejected = server().api_get("/api/v1/devices/DEV1/rejected")["items"];
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0]["line"], "this is not a punch");
  EXPECT_EQ(rejected[0]["table"], "ATTLOG");
  EXPECT_FALSE(rejected[0]["reason"].get<std::string>().empty());
  EXPECT_EQ(rejected[1]["line"], "2\tnot-a-time\t0\t1");
}

TEST_F(Upload, TgzDataPacket) {  // 004 §11.14
  std::string packet = make_tgz("data.txt", "USER PIN=1\tName=Packed\tPri=0\nUSER PIN=2\tName=Also\tPri=0\n");
  auto reply = server().post("/iclock/cdata?SN=DEV1&table=OPERLOG&ContentType=tgz", packet);
  EXPECT_EQ(reply.body, "OK: 2");
  EXPECT_EQ(server().api_get("/api/v1/devices/DEV1/users")["items"].size(), 2u);
}

TEST_F(Upload, Gb2312NamesAreStoredAsUtf8) {  // 004 §1.2
  ASSERT_EQ(server().get("/iclock/cdata?SN=CN1&options=all&pushver=2.4.1&language=83").status, 200);
  const std::string gb_name = "\xD5\xC5\xC8\xFD";  // "张三" in GB2312
  server().post("/iclock/cdata?SN=CN1&table=OPERLOG", "USER PIN=1\tName=" + gb_name + "\tPri=0\n");
  EXPECT_EQ(server().api_get("/api/v1/devices/CN1/users")["items"][0]["name"], "\xE5\xBC\xA0\xE4\xB8\x89");
}

}  // namespace
}  // namespace zkpush::test
