// Typed commands: JSON in, the exact command text of 004 §12 out, one or more
// rows per kind (taken from the spec's own examples where it gives them), and
// one row per validation error, each naming the field.
#include "api/typed_commands.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace zkpush::api {
namespace {

struct Row {
  const char* kind;
  const char* body;
  const char* text;  // the command as the terminal receives it after "C:<id>:"
};

// A 28-character template from 004 §12.5.2's AppendData sample (SIZE=28).
#define TMP28 "c2FmZHNhd3Jyd3JlcmVyZXJlcnc="
#define IDNUM "210218199105072345"              // 004 §11.6's sample ID number
#define MD5 "a5bf4dcd6020f408589224274aab132d"  // 004 §12.8.2 method 1 example

const Row kRows[] = {
    // §12.1.1.1 USERINFO: every key in the spec's order; a card in hex (format a).
    {"update-userinfo",
     R"({"pin": "7", "name": "Ana", "privilege": 14, "password": "1234", "card": "[15CD5B07]", "group": 1,
         "tz": "0000000000000000", "verify": -1, "vice_card": "123456789", "start_datetime": "20260101",
         "end_datetime": 0})",
     "DATA UPDATE USERINFO PIN=7\tName=Ana\tPri=14\tPasswd=1234\tCard=[15CD5B07]\tGrp=1\tTZ=0000000000000000"
     "\tVerify=-1\tViceCard=123456789\tStartDatetime=20260101\tEndDatetime=0"},
    // Only what is given is sent (a USER line without Card= keeps the card);
    // a number for the PIN and the card (format b); null is "not given";
    // an empty name is sent empty.
    {"update-userinfo", R"({"pin": 7, "card": 123456789, "name": null})", "DATA UPDATE USERINFO PIN=7\tCard=123456789"},
    {"update-userinfo", R"({"pin": 7, "card": 123456789, "name": ""})",
     "DATA UPDATE USERINFO PIN=7\tName=\tCard=123456789"},
    {"update-userinfo", R"({"pin": "abc123", "group": null})", "DATA UPDATE USERINFO PIN=abc123"},  // R31
    // §12.1.1.2 IDCARD: PIN 0 when the card is bound to no user.
    {"update-idcard", R"({"id_num": ")" IDNUM R"(", "name": "Li", "gender": 1, "nation": 1, "birthday": "19910507",
         "valid_info": "2015010120250101"})",
     "DATA UPDATE IDCARD PIN=0\tIDNum=" IDNUM "\tName=Li\tGender=1\tNation=1\tBirthday=19910507"
     "\tValidInfo=2015010120250101"},
    // §12.1.1.3-5: Size is the length of the base64 text; FACE writes Valid
    // before Size (AMB-24); FVEIN spells Pin and Tmp.
    {"update-fingertmp", R"({"pin": "1", "fid": 0, "tmp": ")" TMP28 R"("})",
     "DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=28\tValid=1\tTMP=" TMP28},
    {"update-fingertmp", R"({"pin": "1", "fid": 9, "valid": 3, "tmp": "QUJD"})",
     "DATA UPDATE FINGERTMP PIN=1\tFID=9\tSize=4\tValid=3\tTMP=QUJD"},
    {"update-face", R"({"pin": "1", "fid": 0, "tmp": ")" TMP28 R"("})",
     "DATA UPDATE FACE PIN=1\tFID=0\tValid=1\tSize=28\tTMP=" TMP28},
    {"update-fvein", R"({"pin": "1", "fid": 2, "index": 1, "tmp": "VkVJ"})",
     "DATA UPDATE FVEIN Pin=1\tFID=2\tIndex=1\tValid=1\tSize=4\tTmp=VkVJ"},
    // §12.1.1.6 BIODATA, with the fields of 004's palm sample (L2004).
    {"update-biodata", R"({"pin": "306", "no": 0, "index": 2, "type": 8, "major_ver": 1, "tmp": "AAAA"})",
     "DATA UPDATE BIODATA Pin=306\tNo=0\tIndex=2\tValid=1\tDuress=0\tType=8\tMajorVer=1\tMinorVer=0\tFormat=0"
     "\tTmp=AAAA"},
    // §12.1.1.7-8: photos, Size computed; BIOPHOTO in base64 and in url mode.
    {"update-userpic", R"({"pin": "1", "content": "/9j/4AAQ"})", "DATA UPDATE USERPIC PIN=1\tSize=8\tContent=/9j/4AAQ"},
    {"update-biophoto", R"({"pin": "1", "type": 9, "content": "/9j/4AAQ"})",
     "DATA UPDATE BIOPHOTO PIN=1\tType=9\tSize=8\tContent=/9j/4AAQ\tFormat=0"},
    {"update-biophoto", R"({"pin": "1", "type": 9, "format": 1, "url": "photos/1.jpg", "post_back_tmp_flag": true})",
     "DATA UPDATE BIOPHOTO PIN=1\tType=9\tFormat=1\tUrl=photos/1.jpg\tPostBackTmpFlag=1"},
    // §12.1.1.9-10: the StartTime example of the spec; a message keeps its blanks.
    {"update-sms", R"({"msg": "Meeting at 10", "tag": 253, "uid": 1, "min": 60, "start_time": "2015-07-29 00:00:00"})",
     "DATA UPDATE SMS MSG=Meeting at 10\tTAG=253\tUID=1\tMIN=60\tStartTime=2015-07-29 00:00:00"},
    {"update-user-sms", R"({"pin": "1", "uid": 1})", "DATA UPDATE USER_SMS PIN=1\tUID=1"},
    {"update-adpic", R"({"index": 1, "extension": "jpg", "content": "/9j/4AAQ"})",
     "DATA UPDATE ADPIC Index=1\tSize=8\tExtension=jpg\tContent=/9j/4AAQ"},
    {"update-workcode", R"({"pin": 1, "code": "17", "name": "Site A"})",
     "DATA UPDATE WORKCODE PIN=1\tCODE=17\tNAME=Site A"},
    // §12.1.1.13: the AutoTime example of the spec; booleans as 1/0.
    {"update-shortcutkey",
     R"({"key_id": 1, "key_fun": 1, "status_code": 0, "show_name": "Check-In", "auto_state": true,
         "auto_time": "08:00;09:00;10:00;11:00;12:00;13:00;14:00", "sun": false, "mon": true})",
     "DATA UPDATE ShortcutKey KeyID=1\tKeyFun=1\tStatusCode=0\tShowName=Check-In\tAutoState=1"
     "\tAutoTime=08:00;09:00;10:00;11:00;12:00;13:00;14:00\tSun=0\tMon=1"},
    // §12.1.1.14-17: the spec's TZ=1;0;0, 1159 = 11:59, 1123 = 23 November.
    {"update-accgroup", R"({"id": 1, "verify": 0, "valid_holiday": false, "tz": "1;0;0"})",
     "DATA UPDATE AccGroup ID=1\tVerify=0\tValidHoliday=0\tTZ=1;0;0"},
    {"update-acctimezone", R"({"uid": 2, "sun_start": "0800", "sun_end": 1159, "tues_start": 0, "sat_end": 2359})",
     "DATA UPDATE AccTimeZone UID=2\tSunStart=0800\tSunEnd=1159\tTuesStart=0000\tSatEnd=2359"},
    {"update-accholiday",
     R"({"uid": 1, "holiday_name": "Day off", "start_date": 1123, "end_date": "1125", "time_zone": 1})",
     "DATA UPDATE AccHoliday UID=1\tHolidayName=Day off\tStartDate=1123\tEndDate=1125\tTimeZone=1"},
    {"update-accunlockcomb", R"({"uid": 1, "group1": 1, "group2": 2})",
     "DATA UPDATE AccUnLockComb UID=1\tGroup1=1\tGroup2=2"},
    // §12.1.1.18-19: the whitelist's time example; a 'T' is taken for the blank.
    {"update-blacklist", R"({"id_num": ")" IDNUM R"(", "name": "Wang", "gender": 2, "nation": 1})",
     "DATA UPDATE BLACKLIST IDNum=" IDNUM "\tName=Wang\tGender=2\tNation=1"},
    {"update-whitelist",
     R"({"id_num": ")" IDNUM R"(", "start_date": "2021-06-17 00:00:00", "end_date": "2021-06-20T00:00:00"})",
     "DATA UPDATE WHITELIST IDNum=" IDNUM "\tStartDate=2021-06-17 00:00:00\tEndDate=2021-06-20 00:00:00"},

    // §12.1.2 DELETE: optional conditions only when given.
    {"delete-userinfo", R"({"pin": "982"})", "DATA DELETE USERINFO PIN=982"},
    {"delete-fingertmp", R"({"pin": "982"})", "DATA DELETE FINGERTMP PIN=982"},
    {"delete-fingertmp", R"({"pin": "982", "fid": 1})", "DATA DELETE FINGERTMP PIN=982\tFID=1"},
    {"delete-face", R"({"pin": "1"})", "DATA DELETE FACE PIN=1"},
    {"delete-fvein", R"({"pin": "1", "fid": 3})", "DATA DELETE FVEIN Pin=1\tFID=3"},
    {"delete-biodata", R"({"pin": "1"})", "DATA DELETE BIODATA Pin=1"},
    {"delete-biodata", R"({"pin": "1", "type": 8, "no": 1})", "DATA DELETE BIODATA Pin=1\tType=8\tNo=1"},
    {"delete-userpic", R"({"pin": "1"})", "DATA DELETE USERPIC PIN=1"},
    {"delete-biophoto", R"({"pin": "1"})", "DATA DELETE BIOPHOTO PIN=1"},
    {"delete-sms", R"({"uid": 1})", "DATA DELETE SMS UID=1"},
    {"delete-workcode", R"({"code": "17"})", "DATA DELETE WORKCODE CODE=17"},
    {"delete-adpic", R"({"index": 1})", "DATA DELETE ADPIC Index=1"},
    {"delete-blacklist", R"({"id_num": ")" IDNUM R"("})", "DATA DELETE BLACKLIST IDNum=" IDNUM},
    {"delete-whitelist", R"({"id_num": ")" IDNUM R"("})", "DATA DELETE WHITELIST IDNum=" IDNUM},

    // §12.1.3 QUERY, with the spec's window example; FingerID (AMB-35).
    {"query-attlog", R"({"start_time": "2015-07-29 00:00:00", "end_time": "2015-07-29 23:59:59"})",
     "DATA QUERY ATTLOG StartTime=2015-07-29 00:00:00\tEndTime=2015-07-29 23:59:59"},
    {"query-attphoto", R"({"start_time": "2015-7-29 0:00:00", "end_time": "2015-07-29 23:59:59"})",
     "DATA QUERY ATTPHOTO StartTime=2015-07-29 00:00:00\tEndTime=2015-07-29 23:59:59"},
    {"query-userinfo", R"({"pin": "1"})", "DATA QUERY USERINFO PIN=1"},
    {"query-userinfo", "", "DATA QUERY USERINFO"},  // every user (002:L1008)
    {"query-fingertmp", R"({"pin": "1", "finger_id": 6})", "DATA QUERY FINGERTMP PIN=1\tFingerID=6"},
    {"query-biodata", R"({"type": 9})", "DATA QUERY BIODATA Type=9"},
    {"query-biodata", R"({"type": 1, "pin": "1", "no": 6})", "DATA QUERY BIODATA Type=1\tPIN=1\tNo=6"},

    // §12.2-12.4: commands without arguments (an empty body or {}).
    {"clear-log", "", "CLEAR LOG"},
    {"clear-photo", "{}", "CLEAR PHOTO"},
    {"clear-data", "", "CLEAR DATA"},
    {"clear-biodata", "", "CLEAR BIODATA"},
    {"check", "", "CHECK"},
    {"log", " \n", "LOG"},
    {"verify-sum-attlog", R"({"start_time": "2015-07-29 00:00:00", "end_time": "2015-07-29 23:59:59"})",
     "VERIFY SUM ATTLOG StartTime=2015-07-29 00:00:00\tEndTime=2015-07-29 23:59:59"},
    {"set-option", R"({"key": "IPAddress", "value": "192.168.1.225"})",
     "SET OPTION IPAddress=192.168.1.225"},  // 000:L392
    {"set-option", R"({"key": "TransFlag", "value": "TransData AttLog\tOpLog"})",
     "SET OPTION TransFlag=TransData AttLog\tOpLog"},
    {"reload-options", "", "RELOAD OPTIONS"},
    {"info", "", "INFO"},

    // §12.5: GetFile; PutFile's examples 1-3 (function 1) and both actions (function 2).
    {"getfile", R"({"file_path": "/mnt/mtdblock/options.cfg"})", "GetFile /mnt/mtdblock/options.cfg"},
    {"putfile", R"({"url": "file/fw/X938/main.tgz"})", "PutFile file/fw/X938/main.tgz"},
    {"putfile", R"({"url": "file/fw/X938/main.tgz", "file_path": "/mnt/"})", "PutFile file/fw/X938/main.tgz\t/mnt/"},
    {"putfile", R"({"url": "file/fw/X938/ssruser.dat", "file_path": "/mnt/mtdblock/ssruser.dat"})",
     "PutFile file/fw/X938/ssruser.dat\t/mnt/mtdblock/ssruser.dat"},
    {"putfile",
     R"({"url": "file/users.tgz", "file_path": "/mnt/mtdblock/", "action": "SyncData", "table_name": "USERINFO",
         "record_count": 2})",
     "PutFile file/users.tgz\t/mnt/mtdblock/\tAction=SyncData\tTableName=USERINFO\tRecordCount=2"},
    {"putfile", R"({"url": "http://10.0.0.1/d.tgz", "file_path": "/mnt/", "action": "AppendData"})",
     "PutFile http://10.0.0.1/d.tgz\t/mnt/\tAction=AppendData"},

    // §12.6: the ENROLL_MF example verbatim; defaults RETRY=3, OVERWRITE=0.
    {"enroll-fp", R"({"pin": "408", "fid": 6, "retry": 3, "overwrite": true})",
     "ENROLL_FP PIN=408\tFID=6\tRETRY=3\tOVERWRITE=1"},
    {"enroll-fp", R"({"pin": "1", "fid": 0})", "ENROLL_FP PIN=1\tFID=0\tRETRY=3\tOVERWRITE=0"},
    {"enroll-mf", R"({"pin": "408", "retry": 3})", "ENROLL_MF PIN=408\tRETRY=3"},
    {"enroll-bio", R"({"type": 9, "pin": "408"})", "ENROLL_BIO TYPE=9\tPIN=408\tRETRY=3\tOVERWRITE=0"},
    {"enroll-bio", R"({"type": 2, "pin": "408", "card_no": "123456789", "retry": 1, "overwrite": 1})",
     "ENROLL_BIO TYPE=2\tPIN=408\tCardNo=123456789\tRETRY=1\tOVERWRITE=1"},

    // §12.7-12.8.
    {"reboot", "", "REBOOT"},
    {"ac-unlock", "", "AC_UNLOCK"},
    {"ac-unalarm", "", "AC_UNALARM"},
    {"shell", R"({"system_cmd": "ls /mnt/mtdblock"})", "SHELL ls /mnt/mtdblock"},
    // §12.8.2 UPGRADE, each method in its own key order (the method 1
    // example's checksum and size; the checksum is sent in lower case).
    {"upgrade",
     R"({"method": 1, "checksum": ")" MD5 R"(", "url": "http://192.168.213.17:8088/fireware/F20/admin/emfw.cfg",
         "size": 2312})",
     "UPGRADE checksum=" MD5 ",url=http://192.168.213.17:8088/fireware/F20/admin/emfw.cfg,size=2312"},
    {"upgrade",
     R"({"method": 2, "checksum": "A5BF4DCD6020F408589224274AAB132D", "url": "http://192.168.0.13:89/data/emfw.cfg", "size": 6558})",
     "UPGRADE type=1,checksum=" MD5 ",size=6558,url=http://192.168.0.13:89/data/emfw.cfg"},
    {"upgrade",
     R"({"method": "3", "checksum": ")" MD5 R"(", "url": "http://192.168.0.13:89/data/emfw.cfg", "size": 6558})",
     "UPGRADE checksum=" MD5 ",size=6558,url=http://192.168.0.13:89/data/emfw.cfg,supportsubcontracting=1"},
    // The access dialect's (CN24 §12): table names as the panels spell them.
    {"panel-query", R"({"table": "user"})", "DATA QUERY tablename=user,fielddesc=*,filter=*"},
    {"panel-query", R"({"table": "transaction", "new_records": true})",
     "DATA QUERY tablename=transaction,fielddesc=*,filter=NewRecord"},
    {"panel-query", R"({"table": "biodata", "type": 9})", "DATA QUERY tablename=biodata,fielddesc=*,filter=Type=9"},
    {"panel-count", R"({"table": "user"})", "DATA COUNT user"},  // CN24 §12.1.3's example
    {"panel-count", R"({"table": "biophoto", "type": 9})", "DATA COUNT biophoto Type=9"},
    {"panel-set-options", R"({"options": "Door1Drivetime=5,Door1SensorType=2"})",
     "SET OPTIONS Door1Drivetime=5,Door1SensorType=2"},
    {"panel-get-options", R"({"names": "~SerialNumber,FirmVer,LockCount"})", "GET OPTIONS ~SerialNumber,FirmVer,LockCount"},
    {"panel-set-time", "", "SET OPTIONS DateTime="},  // + the server's local time (App.5): checked by prefix
    {"panel-reboot", "", "CONTROL DEVICE 03000000"},  // CN24 §12.4's example
    {"panel-update", R"({"table": "user", "row": {"Pin": 7, "Name": "Ana", "CardNo": "[15CD5B07]"}})",
     "DATA UPDATE user CardNo=[15CD5B07]\tName=Ana\tPin=7"},
    {"panel-update", R"({"table": "userauthorize", "row": {"Pin": "7", "AuthorizeTimezoneId": 1, "AuthorizeDoorId": 15}})",
     "DATA UPDATE userauthorize AuthorizeDoorId=15\tAuthorizeTimezoneId=1\tPin=7"},
    {"panel-delete", R"({"table": "templatev10", "where": {"Pin": "7", "FingerID": 6}})",
     "DATA DELETE templatev10 FingerID=6\tPin=7"},
    {"panel-delete", R"({"table": "holiday", "all": true})", "DATA DELETE holiday *"},
    {"panel-enroll", R"({"type": 9, "pin": "7"})", "ENROLL_BIO TYPE=9\tNO=0\tPIN=7\tRETRY=3\tOVERWRITE=1"},
};

TEST(TypedCommands, EachRowGivesTheSpecsText) {
  for (const Row& row : kRows) {
    auto text = build_typed_command(row.kind, row.body);
    ASSERT_TRUE(text.ok()) << row.kind << " " << row.body << ": " << text.error().message;
    if (std::string(row.kind) == "panel-set-time")
      EXPECT_EQ(text->rfind(row.text, 0), 0u) << *text;
    else
      EXPECT_EQ(*text, row.text) << row.kind << " " << row.body;
  }
}

TEST(TypedCommands, EveryKindHasARow) {
  std::set<std::string> covered;
  for (const Row& row : kRows) covered.insert(row.kind);
  for (const TypedCommandKind& kind : typed_command_kinds())
    EXPECT_TRUE(covered.count(std::string(kind.name))) << kind.name << " has no row";
}

struct ErrorRow {
  const char* kind;
  const char* body;
  const char* message;  // the 400's message: the field first
};

const ErrorRow kErrors[] = {
    {"update-userinfo", "{}", "pin: required"},
    {"update-userinfo", R"({"pin": "1 2"})", "pin: must be 1 to 24 letters or digits"},
    {"update-userinfo", R"({"pin": "1234567890123456789012345"})", "pin: must be 1 to 24 letters or digits"},
    {"update-userinfo", R"({"pin": -1})", "pin: must be 1 to 24 letters or digits"},
    {"update-userinfo", R"({"pin": true})", "pin: must be 1 to 24 letters or digits"},
    {"update-userinfo", R"({"pin": "7", "passwd_is_not_sent": null})",
     "passwd_is_not_sent: unknown field for update-userinfo"},
    {"update-userinfo", R"({"pin": "7", "nmae": "Ana"})", "nmae: unknown field for update-userinfo"},
    {"update-userinfo", R"({"pin": "7", "name": "A\tB"})", "name: must not contain TAB, CR, LF or NUL"},
    {"update-userinfo", R"({"pin": "7", "name": "A\nC:9:CLEAR DATA"})", "name: must not contain TAB, CR, LF or NUL"},
    {"update-userinfo", R"({"pin": "7", "name": "A\r"})", "name: must not contain TAB, CR, LF or NUL"},
    {"update-userinfo", R"({"pin": "7", "name": "A\u0000"})", "name: must not contain TAB, CR, LF or NUL"},
    {"update-userinfo", R"({"pin": "7", "name": 5})", "name: must be a string"},
    {"update-userinfo", R"({"pin": "7", "privilege": 1})", "privilege: must be one of 0, 2, 6, 10, 14"},
    {"update-userinfo", R"({"pin": "7", "verify": 30})",
     "verify: must be one of -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, "
     "23, 24, 25, 26, 27, 28, 29, 200"},
    {"update-userinfo", R"({"pin": "7", "card": "12ab"})",
     "card: must be up to 20 decimal digits, or 4 or 5 bytes in hex such as [15CD5B07]"},
    {"update-userinfo", R"({"pin": "7", "tz": "00000000000000000"})", "tz: must be 1 to 16 decimal digits"},
    {"update-userinfo", R"({"pin": "7", "group": 70000})", "group: must be a whole number from 0 to 65535"},
    {"update-userinfo", R"({"pin": "7", "start_datetime": "2026-01-01"})",
     "start_datetime: must be a date as YYYYMMDD, or 0 for none"},
    {"update-userinfo", R"({"pin": "7", "end_datetime": "20261301"})",
     "end_datetime: must be a date as YYYYMMDD, or 0 for none"},
    {"update-fingertmp", R"({"pin": "1", "fid": 10, "tmp": "QUJD"})", "fid: must be a whole number from 0 to 9"},
    {"update-fingertmp", R"({"pin": "1", "fid": "x", "tmp": "QUJD"})", "fid: must be a whole number from 0 to 9"},
    {"update-fingertmp", R"({"pin": "1", "fid": 1.5, "tmp": "QUJD"})", "fid: must be a whole number from 0 to 9"},
    {"update-fingertmp", R"({"pin": "1", "fid": " 1", "tmp": "QUJD"})", "fid: must be a whole number from 0 to 9"},
    {"update-fingertmp", R"({"pin": "1", "fid": 0})", "tmp: required"},
    {"update-fingertmp", R"({"pin": "1", "fid": 0, "tmp": "not base64!"})", "tmp: must be base64 text"},
    {"update-fingertmp", R"({"pin": "1", "fid": 0, "tmp": "QU JD"})", "tmp: must be base64 text"},
    {"update-fingertmp", R"({"pin": "1", "fid": 0, "tmp": "QUJD", "valid": 2})", "valid: must be one of 0, 1, 3"},
    {"update-fvein", R"({"pin": "1", "fid": 0, "index": 3, "tmp": "QUJD"})",
     "index: must be a whole number from 0 to 2"},
    {"update-biodata", R"({"pin": "1", "tmp": "QUJD", "major_ver": 1})", "type: required"},
    {"update-biodata", R"({"pin": "1", "type": 11, "tmp": "QUJD", "major_ver": 1})",
     "type: must be a whole number from 0 to 10"},
    {"update-biophoto", R"({"pin": "1", "type": 9})", "content: required when format is 0"},
    {"update-biophoto", R"({"pin": "1", "type": 9, "format": 1})", "url: required when format is 1"},
    {"update-biophoto", R"({"pin": "1", "type": 9, "format": 1, "url": "a.jpg", "content": "QUJD"})",
     "content: only when format is 0"},
    {"update-biophoto", R"({"pin": "1", "type": 9, "url": "a.jpg", "content": "QUJD"})", "url: only when format is 1"},
    {"update-sms", R"({"msg": "", "tag": 253, "uid": 1, "min": 1, "start_time": "2015-07-29 00:00:00"})",
     "msg: must not be empty"},
    {"update-sms", R"({"msg": "hi", "tag": 252, "uid": 1, "min": 1, "start_time": "2015-07-29 00:00:00"})",
     "tag: must be one of 253, 254, 255"},
    {"update-sms", R"({"msg": "hi", "tag": 253, "uid": 1, "min": 1})", "start_time: required"},
    {"update-adpic", R"({"index": 1, "extension": "j p g", "content": "QUJD"})",
     "extension: must be 1 to 8 letters, digits or - _ . ~"},
    {"update-accgroup", R"({"id": 1, "tz": "1;a;0"})", "tz: must be whole numbers separated by ';', e.g. 1;0;0"},
    {"update-acctimezone", R"({"uid": 1, "sun_start": 2400})",
     "sun_start: must be a time of day as HHMM, from 0000 to 2359"},
    {"update-acctimezone", R"({"uid": 1, "mon_end": "1260"})",
     "mon_end: must be a time of day as HHMM, from 0000 to 2359"},
    {"update-accholiday", R"({"uid": 1, "start_date": 1332})",
     "start_date: must be a day as MMDD, e.g. 1123 for 23 November"},
    {"update-whitelist", R"({"id_num": "1", "gender": 3})", "gender: must be one of 1, 2"},
    {"update-blacklist", R"({"id_num": "12 34"})", "id_num: must be 1 to 32 letters, digits or - _ . ~"},
    {"delete-biodata", R"({"pin": "1", "no": 1})", "no: needs type"},
    {"query-biodata", R"({"type": 1, "no": 1})", "no: needs pin"},
    {"query-attlog", R"({"start_time": "2015-07-29", "end_time": "2015-07-29 23:59:59"})",
     "start_time: must be a time as YYYY-MM-DD HH:MM:SS"},
    {"query-attlog", R"({"start_time": "2015-07-29 00:00:00", "end_time": "2015-07-28 23:59:59"})",
     "end_time: must not be before start_time"},
    {"query-attphoto", R"({"start_time": "2015-07-29 00:00:00"})", "end_time: required"},
    {"verify-sum-attlog", R"({"start_time": "2015-07-29 00:00:00", "end_time": "2015-07-28 00:00:00"})",
     "end_time: must not be before start_time"},
    {"set-option", R"({"key": "a=b", "value": "1"})", "key: must be 1 to 64 letters, digits or - _ . ~"},
    {"set-option", R"({"key": "Delay", "value": "1\n2"})", "value: must not contain CR, LF or NUL"},
    {"getfile", R"({"file_path": "a\tb"})", "file_path: must not contain TAB, CR, LF or NUL"},
    {"putfile", R"({"url": "file/a b"})", "url: must be a URL or path of at most 1024 bytes, without blanks or commas"},
    {"putfile", R"({"url": "file/x", "action": "SyncData"})", "file_path: required with action"},
    {"putfile", R"({"url": "file/x", "file_path": "/mnt/", "action": "SyncData"})",
     "table_name: required when action is SyncData"},
    {"putfile", R"({"url": "file/x", "file_path": "/mnt/", "record_count": 3})",
     "record_count: only when action is SyncData"},
    {"putfile", R"({"url": "file/x", "file_path": "/mnt/", "action": "Replace"})",
     "action: must be one of SyncData, AppendData"},
    {"enroll-fp", R"({"pin": "1", "fid": 0, "overwrite": "yes"})", "overwrite: must be true or false"},
    {"enroll-bio", R"({"type": 10, "pin": "1"})", "type: must be a whole number from 0 to 9"},
    {"shell", "{}", "system_cmd: required"},
    {"shell", R"({"system_cmd": ""})", "system_cmd: must not be empty"},
    {"upgrade", R"({"method": 4, "checksum": ")" MD5 R"(", "url": "http://a/b", "size": 1})",
     "method: must be one of 1, 2, 3"},
    {"upgrade", R"({"method": 1, "checksum": "oqoier9883kjankdefi894eu", "url": "http://a/b", "size": 1})",
     "checksum: must be an MD5 checksum: 32 hex digits"},
    {"upgrade", R"({"method": 1, "checksum": ")" MD5 R"(", "url": "http://a/b?x=1,y=2", "size": 1})",
     "url: must be a URL or path of at most 1024 bytes, without blanks or commas"},
    {"upgrade", R"({"method": 1, "checksum": ")" MD5 R"(", "url": "http://a/b", "size": 0})",
     "size: must be a whole number from 1 to 2147483647"},
    {"reboot", "{", "body: must be a JSON object"},
    {"reboot", "[1]", "body: must be a JSON object"},
    {"reboot", R"({"now": true})", "now: unknown field for reboot"},
    {"panel-query", R"({"table": "USERINFO"})",
     "table: must be one of user, userauthorize, templatev10, biodata, biophoto, transaction"},
    // TAB-separated pairs would join the second to the first's value (push3_catalog §3.9).
    {"panel-set-options", R"({"options": "Door1Drivetime=5\tDoor1SensorType=2"})", "options: no TAB"},
    {"panel-set-options", R"({"options": "Door 1=5"})", "options: an option name holds letters, digits, ~ and _"},
    {"panel-get-options", R"({"names": "a,,b"})", "names: option names separated by commas"},
    // The upload spelling on the command side: a row with an empty PIN on a SenseFace 2A (push3_catalog §3.9).
    {"panel-update", R"({"table": "user", "row": {"pin": "7"}})",
     "row: pin is no field of user (CardNo, Pin, Password, Group, StartTime, EndTime, Name, Privilege, SuperAuthorize, "
     "Disable)"},
    // "uid=" deleted every user on a SenseFace 2A (push3_catalog §3.3).
    {"panel-delete", R"({"table": "user", "where": {"uid": "13"}})", "where: uid is no field of user (Pin)"},
    {"panel-delete", R"({"table": "user"})", "where: give the rows' key fields, or all: true to empty the table"},
    {"panel-delete", R"({"table": "holiday", "where": {"Holiday": "20261225"}})",
     "where: Holiday is no field of holiday (only all: true)"},
    {"panel-update", R"({"table": "user", "row": {"Name": "A\tB"}})", "row: Name must not contain TAB, CR, LF or NUL"},
};

TEST(TypedCommands, InvalidInputIsRefusedNamingTheField) {
  for (const ErrorRow& row : kErrors) {
    auto text = build_typed_command(row.kind, row.body);
    ASSERT_FALSE(text.ok()) << row.kind << " " << row.body << " gave " << *text;
    EXPECT_EQ(text.error().kind, Error::Kind::kInvalidInput) << row.body;
    EXPECT_EQ(text.error().message, row.message) << row.kind << " " << row.body;
  }
}

TEST(TypedCommands, UnknownKindIsNotFound) {
  auto text = build_typed_command("update-nothing", "{}");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().kind, Error::Kind::kNotFound);
  EXPECT_EQ(find_typed_command_kind("update-nothing"), nullptr);
  EXPECT_EQ(find_typed_command_kind("reboot")->words, "REBOOT");
}

TEST(TypedCommands, AdminScopeForShellFilesUpgradeAndClearData) {
  std::set<std::string> admin;
  for (const TypedCommandKind& kind : typed_command_kinds())
    if (requires_admin(kind.name)) admin.insert(std::string(kind.name));
  EXPECT_EQ(admin, (std::set<std::string>{"shell", "getfile", "putfile", "upgrade", "clear-data", "panel-set-options"}));
  EXPECT_FALSE(requires_admin("no-such-kind"));
}

// The naming rule of typed_commands.h: the words in lower case, blanks and
// '_' as '-', without "DATA "; an access panel's kinds start with "panel-";
// fields in snake_case.
TEST(TypedCommands, NamesFollowTheDocumentedRule) {
  std::set<std::string> names;
  for (const TypedCommandKind& kind : typed_command_kinds()) {
    std::string expected(kind.words.substr(kind.words.starts_with("DATA ") ? 5 : 0));
    for (char& c : expected) c = (c == ' ' || c == '_') ? '-' : static_cast<char>(std::tolower(c));
    if (!kind.name.starts_with("panel-")) {
      EXPECT_EQ(kind.name, expected);
    }
    EXPECT_TRUE(names.insert(std::string(kind.name)).second) << kind.name << " twice";
    EXPECT_FALSE(kind.description.empty()) << kind.name;
    EXPECT_NE(kind.format, nullptr) << kind.name;
    for (const TypedField& f : kind.fields)
      for (char c : f.name) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << f.name;
  }
}

}  // namespace
}  // namespace zkpush::api
