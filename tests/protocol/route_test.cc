#include "protocol/route.h"

#include "capture.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace zkpush::protocol {
namespace {

using namespace std::string_literals;

using test::capture_body;
using test::captures_manifest;

RoutedRequest route(std::string_view method, std::string_view target, std::string_view body = {}) {
  std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  return route_request(method, path, Query::parse(query), body);
}

struct Expected {
  Endpoint endpoint;
  std::string table = {};
  std::string stamp = {};
  std::string file_name = {};
};

// What every capture in manifest.json must route to.
const std::map<std::string, Expected>& expected_routes() {
  static const std::map<std::string, Expected> kExpected = {
      {"R01", {Endpoint::kHandshake}},
      {"R02", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R03", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R04", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R05", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R06", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R07", {Endpoint::kHandshake}},
      {"R08", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R09", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R10", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R11", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R12", {Endpoint::kHandshake}},
      {"R13", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R14", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R15", {Endpoint::kHandshake}},
      {"R16", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R17", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R18", {Endpoint::kUpload, "BIODATA", "9999"}},  // OpStamp as the fallback stamp
      {"R19", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R20", {Endpoint::kRegistry}},
      {"R21", {Endpoint::kUpload, "RTLOG", ""}},
      {"R22", {Endpoint::kUpload, "TABLEDATA", ""}},
      {"R23", {Endpoint::kUpload, "TABLEDATA", ""}},
      {"R24", {Endpoint::kHandshake}},
      {"R25", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R26", {Endpoint::kGetRequest}},
      {"R27", {Endpoint::kDeviceCmd}},
      {"R28", {Endpoint::kDeviceCmd}},
      {"R29", {Endpoint::kDeviceCmd}},
      {"R30", {Endpoint::kHandshake}},
      {"R31", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"R32", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"R33", {Endpoint::kGetRequest}},
      {"R34", {Endpoint::kDeviceCmd}},
      {"R35", {Endpoint::kDeviceCmd}},
      {"R36", {Endpoint::kPutFileFetch, "", "", "options.cfg"}},
      {"D01", {Endpoint::kHandshake}},
      {"D02", {Endpoint::kUpload, "OPTIONS", ""}},
      {"D03", {Endpoint::kGetRequest}},
      {"D04", {Endpoint::kPing}},
      {"D05", {Endpoint::kUpload, "ATTLOG", "9999"}},
      {"D06", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"D07", {Endpoint::kUpload, "OPERLOG", "9999"}},
      {"D08", {Endpoint::kDeviceCmd}},
      {"D09", {Endpoint::kCanteen}},  // /iclock/cpos: the canteen dialect (protocol/canteen/route.h)
      {"D10", {Endpoint::kHandshake}},
  };
  return kExpected;
}

TEST(RouteCaptures, EveryManifestTargetRoutesAsExpected) {
  auto manifest = captures_manifest();
  ASSERT_TRUE(manifest.is_array());
  ASSERT_GE(manifest.size(), 46u);
  std::set<std::string> seen;
  for (const auto& vector : manifest) {
    const std::string id = vector.at("id");
    SCOPED_TRACE(id);
    seen.insert(id);
    auto it = expected_routes().find(id);
    ASSERT_NE(it, expected_routes().end()) << "new capture without an expected route";
    const Expected& want = it->second;
    const std::string target = vector.at("target");
    RoutedRequest r = route(vector.at("method").get<std::string>(), target,
                            capture_body(vector.at("id").get<std::string>()));
    EXPECT_EQ(r.endpoint, want.endpoint);
    EXPECT_EQ(r.table, want.table);
    EXPECT_EQ(r.stamp, want.stamp);
    EXPECT_EQ(r.file_name, want.file_name);
    // The SN is the query's SN= value, cleaned (empty when absent: R36).
    std::size_t q = target.find('?');
    Query query = Query::parse(q == std::string::npos ? "" : target.substr(q + 1));
    EXPECT_EQ(r.sn, query.value_or("SN", ""));
  }
  EXPECT_EQ(seen.size(), expected_routes().size());
}

TEST(RouteCaptures, SerialNumbersFromCaptures) {
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=CQZ7231360296&options=all&language=69").sn,
            "CQZ7231360296");
  EXPECT_EQ(route("POST", "/iclock/registry?SN=NYU7251601501").sn, "NYU7251601501");
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=ABC%00%00%00&options=all").sn, "ABC");  // §5.17
  EXPECT_EQ(route("GET", "/iclock/cdata?options=all").sn, "");
}

// --- legacy_catalog §2.2, GET ------------------------------------------------

TEST(RouteCdataGet, OptionsIsTheHandshake) {  // rule 1, ACC-01..03
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&options=all").endpoint, Endpoint::kHandshake);
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&options=all&pushver=2.1.1&language=83&pushcommkey=ab")
                .endpoint,
            Endpoint::kHandshake);
  // options wins over PIN= (the rule-2 PIN test needs "no options").
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&options=all&PIN=147").endpoint, Endpoint::kHandshake);
}

TEST(RouteCdataGet, RemoteAttendance) {  // rule 2, ACC-39
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=000189710&PIN=147").endpoint,  // 002:L1415
            Endpoint::kRemoteAttendance);
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&table=RemoteAtt&PIN=147").endpoint,  // 004:L4712
            Endpoint::kRemoteAttendance);
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&table=remoteatt&PIN=147").endpoint,
            Endpoint::kRemoteAttendance);
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&table=RemoteAtt").endpoint,
            Endpoint::kRemoteAttendance);
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&pin=147").endpoint, Endpoint::kRemoteAttendance);
}

TEST(RouteCdataGet, PinWithAnotherTableIsNotRemoteAttendance) {
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&table=ATTLOG&PIN=147").endpoint,
            Endpoint::kHandshake);
}

TEST(RouteCdataGet, AnyOtherGetIsTheHandshake) {
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1").endpoint, Endpoint::kHandshake);
  EXPECT_EQ(route("GET", "/iclock/cdata").endpoint, Endpoint::kHandshake);
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&type=time").endpoint, Endpoint::kHandshake);
  RoutedRequest r = route("GET", "/iclock/cdata?SN=1&Stamp=5");
  EXPECT_EQ(r.endpoint, Endpoint::kHandshake);
  EXPECT_EQ(r.table, "");
  EXPECT_EQ(r.stamp, "");
}

// --- legacy_catalog §2.2, POST -----------------------------------------------

TEST(RouteCdataPost, TableIsTrimmedAndUpperCased) {  // rule 3, ACC-10
  RoutedRequest r = route("POST", "/iclock/cdata?SN=1&table=%20ATTLOG&Stamp=9");  // 002:L333
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTLOG");
  EXPECT_EQ(r.stamp, "9");
  r = route("POST", "/iclock/cdata?SN=1&table= ATTLOG &Stamp=9");  // raw space
  EXPECT_EQ(r.table, "ATTLOG");
  r = route("POST", "/iclock/cdata?SN=1&table=attlog");  // no Stamp: optional (004:L948)
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTLOG");
  EXPECT_EQ(r.stamp, "");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&Table=options").table, "OPTIONS");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=USERINFO&Stamp=1").table, "USERINFO");  // 003
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=FingerTmp&Stamp=1").table, "FINGERTMP");
}

TEST(RouteCdataPost, TableBeatsEveryOtherKey) {
  RoutedRequest r = route("POST", "/iclock/cdata?SN=1&table=ATTPHOTO&OpStamp=1&AuthType=FP");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTPHOTO");
}

TEST(RouteCdataPost, EmptyTableFallsThrough) {
  RoutedRequest r = route("POST", "/iclock/cdata?SN=1&table=&Stamp=7");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTLOG");
  EXPECT_EQ(r.stamp, "7");
}

TEST(RouteCdataPost, AuthTypeIsBackgroundVerification) {  // rule 4, ACC-40
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&AuthType=CARD").endpoint, Endpoint::kAuthVerify);
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&AuthType=FP", "PIN=1\tSize=4\tTMP=abcd").endpoint,
            Endpoint::kAuthVerify);
  // Rule 4 precedes rule 9.
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&AuthType=FP&Stamp=1").endpoint,
            Endpoint::kAuthVerify);
}

TEST(RouteCdataPost, PostVerifyData) {  // rule 5, ACC-40
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&type=PostVerifyData").endpoint,
            Endpoint::kPostVerify);
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&type=postverifydata").endpoint,
            Endpoint::kPostVerify);
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&Type=PostRecordData").endpoint,  // AMB-37
            Endpoint::kPostVerify);
  EXPECT_EQ(route("GET", "/iclock/cdata?SN=1&type=PostVerifyData").endpoint,
            Endpoint::kHandshake);
}

TEST(RouteCdataPost, TableDataIsAPush3TableUpload) {  // R22, R23
  RoutedRequest r = route("POST", "/iclock/cdata?SN=1&type=tabledata&tablename=user&count=3");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "TABLEDATA");
}

TEST(RouteCdataPost, FingerprintImage) {  // rule 6, ACC-29 (000:L191)
  RoutedRequest r =
      route("POST", "/iclock/cdata?SN=1&FPImage=/tmp/enroll_fp_1.bmp&PIN=982&FID=0", "BM\x36\x04");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "FPIMAGE");
}

TEST(RouteCdataPost, OpStampWithoutTableIsOperlog) {  // rule 7, ACC-18 (000:L122)
  RoutedRequest r = route("POST", "/iclock/cdata?SN=xxxxxxx&OpStamp=99999999");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "OPERLOG");
  EXPECT_EQ(r.stamp, "99999999");
}

TEST(RouteCdataPost, PhotoStampWithoutTableIsAttphoto) {  // rule 8
  RoutedRequest r = route("POST", "/iclock/cdata?SN=1&PIN=20080225120821-982.jpg&PhotoStamp=285528079");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTPHOTO");
  EXPECT_EQ(r.stamp, "285528079");
}

TEST(RouteCdataPost, StampOnlyIsAttlog) {  // rule 9, ACC-09 (000:L83)
  RoutedRequest r = route("POST", "/iclock/cdata?SN=xxxxxxx&Stamp=99999999");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTLOG");
  EXPECT_EQ(r.stamp, "99999999");
}

TEST(RouteCdataPost, RulesApplyInOrder) {
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&Stamp=1&OpStamp=2").table, "OPERLOG");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&Stamp=1&PhotoStamp=2").table, "ATTPHOTO");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&OpStamp=1&PhotoStamp=2").table, "OPERLOG");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&FPImage=x&OpStamp=1").table, "FPIMAGE");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&type=PostVerifyData&Stamp=1").endpoint,
            Endpoint::kPostVerify);
}

TEST(RouteCdataPost, StampPrefersTheTablesOwnParameter) {
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=OPERLOG&Stamp=1&OpStamp=2").stamp, "2");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=OPERLOG&Stamp=1").stamp, "1");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=ATTPHOTO&Stamp=1&PhotoStamp=3").stamp, "3");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=ATTPHOTO&Stamp=1").stamp, "1");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=ATTLOG&Stamp=1&OpStamp=2").stamp, "1");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=BIODATA&OpStamp=2").stamp, "2");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&table=ATTLOG&Stamp=0").stamp, "0");  // ACC-11
}

TEST(RouteCdataPost, LastResortReadsTheBodysFirstToken) {  // rule 10
  const char* kOperlogBodies[] = {
      "USER PIN=982\tName=Richard\tPasswd=9822\tCard=[09E4812202]\tGrp=1\tTZ=\n",  // 000:L123
      "FP PIN=982\tFID=1\tValid=1\tTMP=ABCD\n",                                    // 000:L124
      "OPLOG 4\t0\t2008-02-25 12:08:21\t0\t0\t0\t0\n",
      "FACE PIN=911\tFID=0\tSIZE=4\tValid=1\tTMP=AAAA\n",
      "USERPIC PIN=911\tFileName=911.jpg\tSize=4\tContent=AAAA\n",
      "FVEIN Pin=1\tFID=1\tIndex=0\tValid=1\tSize=4\tTmp=AAAA\n",
      "BIODATA Pin=1\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=1\n",
      "BIOPHOTO PIN=1\tFileName=1.jpg\tType=9\tSize=4\tContent=AAAA\n",
      "ERRORLOG ErrCode=1\tErrMsg=x\n",
      "\r\n  USER PIN=1\tName=x\n",  // leading blank lines
  };
  for (const char* body : kOperlogBodies) {
    SCOPED_TRACE(body);
    RoutedRequest r = route("POST", "/iclock/cdata?SN=1", body);
    EXPECT_EQ(r.endpoint, Endpoint::kUpload);
    EXPECT_EQ(r.table, "OPERLOG");
    EXPECT_EQ(r.stamp, "");
  }
}

TEST(RouteCdataPost, LastResortPhotoHeader) {
  std::string body = "PIN=20080225120821-982\nSN=xxxxxx\nsize=4\nCMD=uploadphoto\0\xff\xd8\xff\xe0"s;
  RoutedRequest r = route("POST", "/iclock/cdata?SN=1", body);
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTPHOTO");
  // A prefix cut before CMD= is still recognised by the SN=/size= lines.
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1", body.substr(0, 30)).table, "ATTPHOTO");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1", "PIN=1.jpg\nCMD=realupload\0"s).table, "ATTPHOTO");
  // A CMD= inside the JPEG bytes does not make a photo of a PIN= line, nor
  // does a second 003-style USERINFO line.
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1", "PIN=1\tName=x\0\nCMD=y"s).endpoint,
            Endpoint::kUnknown);
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1", "PIN=1\tName=x\nPIN=2\tName=y\n").endpoint,
            Endpoint::kUnknown);
}

TEST(RouteCdataPost, LastResortAttlogLine) {
  for (const char* body : {"982\t2008-02-25 12:08:21\t1\t0\n",  // tab-separated
                           "982 2008-02-25 12:08:21 1 0\n",     // 000:L84, ACC-13
                           "A12B\t2024-06-05 07:00:00\t0\t1\t\t0\t0\n"}) {  // alphanumeric PIN
    SCOPED_TRACE(body);
    RoutedRequest r = route("POST", "/iclock/cdata?SN=1", body);
    EXPECT_EQ(r.endpoint, Endpoint::kUpload);
    EXPECT_EQ(r.table, "ATTLOG");
  }
}

TEST(RouteCdataPost, UnrecognisedBodyIsUnknown) {
  for (std::string_view body : {"", "hello world", "982\tnot-a-date", "PIN=1\tName=x\n", "982",
                                "4\t0\t2008-02-25 12:08:21"}) {
    SCOPED_TRACE(body);
    RoutedRequest r = route("POST", "/iclock/cdata?SN=1", body);
    EXPECT_EQ(r.endpoint, Endpoint::kUnknown);
    EXPECT_EQ(r.table, "");
    EXPECT_EQ(r.sn, "1");
  }
}

// --- ACC-27: the four attendance-photo shapes ---------------------------------

TEST(RoutePhotos, AllFourShapesAreAttphoto) {
  const char* kTargets[] = {
      "/iclock/fdata?SN=1&PIN=20080225120821-982.jpg&PhotoStamp=285528079",  // (a) 000:L210
      "/iclock/cdata?SN=1&table=ATTPHOTO&Stamp=285528079",                  // (b) 002:L479
      "/iclock/fdata?SN=1&table=ATTPHOTO&Stamp=285528079",                  // (c) 004:L1029
      "/iclock/fdata?SN=1&table=ATTPHOTO&Stamp=285528079&PIN=1.jpg&CHECKSUM=ab",  // (d) 003:L96
  };
  for (const char* target : kTargets) {
    SCOPED_TRACE(target);
    RoutedRequest r = route("POST", target, "\xff\xd8\xff\xe0");
    EXPECT_EQ(r.endpoint, Endpoint::kUpload);
    EXPECT_EQ(r.table, "ATTPHOTO");
    EXPECT_EQ(r.stamp, "285528079");
  }
}

TEST(RoutePhotos, FdataIgnoresAnotherTable) {
  EXPECT_EQ(route("POST", "/iclock/fdata?SN=1&table=ATTLOG&Stamp=1").table, "ATTPHOTO");
  EXPECT_EQ(route("GET", "/iclock/fdata?SN=1").endpoint, Endpoint::kUnknown);
}

// --- other endpoints -----------------------------------------------------------

TEST(RouteEndpoints, PollsCommandsPingAndFiles) {
  EXPECT_EQ(route("GET", "/iclock/getrequest?SN=1").endpoint, Endpoint::kGetRequest);
  EXPECT_EQ(route("GET", "/iclock/getrequest?SN=1&INFO=Ver 6.39 Apr 28 2008,2,0,0,1.2.3.4").endpoint,
            Endpoint::kGetRequest);
  EXPECT_EQ(route("GET", "/iclock/ping?SN=1").endpoint, Endpoint::kPing);
  EXPECT_EQ(route("POST", "/iclock/ping?SN=1").endpoint, Endpoint::kPing);
  EXPECT_EQ(route("POST", "/iclock/devicecmd?SN=1", "ID=1&Return=0&CMD=DATA").endpoint,
            Endpoint::kDeviceCmd);
  EXPECT_EQ(route("GET", "/iclock/devicecmd?SN=1").endpoint, Endpoint::kUnknown);
  RoutedRequest f = route("GET", "/iclock/file?SN=1&url=fw/main.gz");
  EXPECT_EQ(f.endpoint, Endpoint::kFile);
  EXPECT_EQ(f.sn, "1");
  EXPECT_EQ(route("POST", "/iclock/file?SN=1").endpoint, Endpoint::kUnknown);
}

TEST(RouteEndpoints, Push3RegistryAndQueryData) {  // B4
  EXPECT_EQ(route("POST", "/iclock/registry?SN=NYU7251601501").endpoint, Endpoint::kRegistry);
  EXPECT_EQ(route("GET", "/iclock/registry?SN=NYU7251601501").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "/iclock/push?SN=1").endpoint, Endpoint::kPush);
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&type=BioData", "TYPE=9\tPIN=7").table, "ENROLLBIO");
  EXPECT_EQ(route("POST", "/iclock/cdata?SN=1&type=EnrollInfoData", "TYPE=0\tPIN=7").table, "ENROLLINFO");
  EXPECT_EQ(route("POST", "/iclock/push?SN=1").endpoint, Endpoint::kPush);
  EXPECT_EQ(route("POST", "/iclock/push?SN=1").sn, "1");
  RoutedRequest q = route("POST", "/iclock/querydata?SN=1&type=options&tablename=options");
  EXPECT_EQ(q.endpoint, Endpoint::kUpload);
  EXPECT_EQ(q.table, "OPTIONS");
  EXPECT_EQ(route("POST", "/iclock/querydata?SN=1&type=tabledata&tablename= user ").table, "USER");
  EXPECT_EQ(route("POST", "/iclock/querydata?SN=1").table, "QUERYDATA");
}

TEST(RouteEndpoints, PutFileFetch) {  // capture R36
  RoutedRequest r = route("GET", "/iclock/FileName=options.cfg?");
  EXPECT_EQ(r.endpoint, Endpoint::kPutFileFetch);
  EXPECT_EQ(r.file_name, "options.cfg");
  EXPECT_EQ(r.sn, "");
  EXPECT_EQ(route("GET", "/iclock/filename=Main.TGZ?SN=7").file_name, "Main.TGZ");  // case kept
  EXPECT_EQ(route("GET", "/iclock/FileName=a%20b.cfg").file_name, "a b.cfg");
  EXPECT_EQ(route("GET", "/iclock/FileName=").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("POST", "/iclock/FileName=options.cfg").endpoint, Endpoint::kUnknown);
  // The caller may leave the query on the path: it is cut off there.
  EXPECT_EQ(route_request("GET", "/iclock/FileName=options.cfg?", Query{}, {}).file_name,
            "options.cfg");
}

// --- paths ---------------------------------------------------------------------

TEST(RoutePaths, CaseInsensitive) {
  EXPECT_EQ(route("GET", "/ICLOCK/CDATA?SN=1&options=all").endpoint, Endpoint::kHandshake);
  EXPECT_EQ(route("GET", "/iClock/GetRequest?SN=1").endpoint, Endpoint::kGetRequest);
  EXPECT_EQ(route("post", "/iclock/DeviceCmd?SN=1").endpoint, Endpoint::kDeviceCmd);
}

TEST(RoutePaths, AspxSuffixIsIgnored) {  // B10
  EXPECT_EQ(route("GET", "/iclock/cdata.aspx?SN=1&options=all").endpoint, Endpoint::kHandshake);
  RoutedRequest r = route("POST", "/iclock/cdata.aspx?SN=1&table=ATTLOG&Stamp=1");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "ATTLOG");
  EXPECT_EQ(route("GET", "/iclock/getrequest.aspx?SN=1").endpoint, Endpoint::kGetRequest);
  EXPECT_EQ(route("GET", "/iclock/GETREQUEST.ASPX?SN=1").endpoint, Endpoint::kGetRequest);
  EXPECT_EQ(route("POST", "/iclock/devicecmd.aspx?SN=1").endpoint, Endpoint::kDeviceCmd);
  EXPECT_EQ(route("GET", "/iclock/.aspx").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "/iclock/cdata.aspx.aspx").endpoint, Endpoint::kUnknown);
}

TEST(RoutePaths, OnlyAtTheRootUnderIclock) {  // B3
  EXPECT_EQ(route("GET", "/api/iclock/cdata?SN=1&options=all").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "/cdata?SN=1&options=all").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "/iclock/sub/cdata?SN=1").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "/iclock/").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "/iclock").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "/iclockcdata").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("GET", "").endpoint, Endpoint::kUnknown);
  // The canteen dialect's endpoints go to its own router.
  EXPECT_EQ(route("GET", "/iclock/exchange?SN=1&type=publickey").endpoint, Endpoint::kCanteen);
  EXPECT_EQ(route("GET", "/iclock/cpos?SN=1&options=all").endpoint, Endpoint::kCanteen);
  EXPECT_EQ(route("GET", "/iclock/sub/cpos?SN=1&options=all").endpoint, Endpoint::kUnknown);
}

TEST(RoutePaths, ToleratedSpellings) {
  EXPECT_EQ(route("GET", "/iclock/cdata/?SN=1&options=all").endpoint, Endpoint::kHandshake);
  EXPECT_EQ(route("GET", "//iclock//getrequest?SN=1").endpoint, Endpoint::kGetRequest);
  EXPECT_EQ(route("GET", "/iclock/%63data?SN=1&options=all").endpoint, Endpoint::kHandshake);
  // Absolute form (000:L281, ACC-04).
  EXPECT_EQ(route("GET", "http://10.0.0.5:8081/iclock/getrequest?SN=1").endpoint,
            Endpoint::kGetRequest);
  EXPECT_EQ(route("GET", "HTTP://host/iclock/cdata?SN=1&options=all").endpoint,
            Endpoint::kHandshake);
  EXPECT_EQ(route("GET", "http://host").endpoint, Endpoint::kUnknown);
}

TEST(RoutePaths, OtherMethodsAreUnknown) {
  EXPECT_EQ(route("PUT", "/iclock/cdata?SN=1&table=ATTLOG").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("DELETE", "/iclock/getrequest?SN=1").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(route("", "/iclock/ping").endpoint, Endpoint::kUnknown);
}

TEST(MayCarryData, UploadEndpointsOnlyAndOnlyForPost) {
  for (std::string_view target : {"/iclock/cdata?SN=1&table=ATTLOG", "/iclock/CDATA.aspx?SN=1", "/iclock/fdata",
                                  "/iclock/devicecmd?SN=1", "/iclock/registry?SN=1", "/iclock/querydata?type=options",
                                  "//iclock//cdata/?SN=1"})
    EXPECT_TRUE(may_carry_data("POST", target)) << target;
  for (std::string_view target : {"/iclock/getrequest?SN=1", "/iclock/ping?SN=1", "/iclock/cdata.aspxx",
                                  "/iclock/nope?table=cdata", "/", ""})
    EXPECT_FALSE(may_carry_data("POST", target)) << target;
  EXPECT_FALSE(may_carry_data("GET", "/iclock/cdata?SN=1&options=all"));
}

TEST(MayCarryData, AgreesWithTheRouterOnEveryCapture) {
  auto manifest = captures_manifest();
  for (const auto& vector : manifest) {
    const std::string method = vector.at("method"), target = vector.at("target");
    RoutedRequest r = route(method, target, capture_body(vector.at("id").get<std::string>()));
    bool data = r.endpoint == Endpoint::kUpload || r.endpoint == Endpoint::kDeviceCmd ||
                r.endpoint == Endpoint::kRegistry || r.endpoint == Endpoint::kPostVerify ||
                r.endpoint == Endpoint::kAuthVerify;
    if (data) {
      EXPECT_TRUE(may_carry_data(method, target)) << vector.at("id");
    }
    if (method == "GET") {
      EXPECT_FALSE(may_carry_data(method, target)) << vector.at("id");
    }
  }
}

}  // namespace
}  // namespace zkpush::protocol
