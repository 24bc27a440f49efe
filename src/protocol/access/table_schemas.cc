// The tables' field names (see table_schemas.h), as CN24 §12.1.1 prints them.
#include "protocol/access/table_schemas.h"

#include <array>

namespace zkpush::protocol::access {

namespace {

using Names = std::string_view;

constexpr std::array<Names, 10> kUser = {"CardNo", "Pin", "Password", "Group", "StartTime",
                                          "EndTime", "Name", "Privilege", "SuperAuthorize", "Disable"};
constexpr std::array<Names, 5> kExtUser = {"Pin", "FunSwitch", "FirstName", "LastName", "PersonalVS"};
constexpr std::array<Names, 7> kMulCardUser = {"Pin", "CardNo", "LossCardFlag", "CardType", "CardBit", "SiteCode", "IMIE"};
constexpr std::array<Names, 6> kUserAuthorize = {"Pin", "AuthorizeTimezoneId", "AuthorizeDoorId", "DevID", "StartTime",
                                                 "EndTime"};
constexpr std::array<Names, 3> kHoliday = {"Holiday", "HolidayType", "Loop"};
constexpr std::array<Names, 33> kTimezone = {
    "TimezoneId", "SunTime1",  "SunTime2",  "SunTime3",  "MonTime1",  "MonTime2",  "MonTime3",  "TueTime1",
    "TueTime2",   "TueTime3",  "WedTime1",  "WedTime2",  "WedTime3",  "ThuTime1",  "ThuTime2",  "ThuTime3",
    "FriTime1",   "FriTime2",  "FriTime3",  "SatTime1",  "SatTime2",  "SatTime3",  "Hol1Time1", "Hol1Time2",
    "Hol1Time3",  "Hol2Time1", "Hol2Time2", "Hol2Time3", "Hol3Time1", "Hol3Time2", "Hol3Time3", "StartTime",
    "EndTime"};
constexpr std::array<Names, 4> kTemplateV10 = {"Pin", "FingerID", "Valid", "Template"};
constexpr std::array<Names, 4> kFirstCard = {"DoorID", "TimezoneID", "Pin", "DevID"};
constexpr std::array<Names, 8> kMultiCard = {"Index", "DoorId", "Group1", "Group2", "Group3", "Group4", "Group5", "DevID"};
constexpr std::array<Names, 9> kInOutFun = {"Index", "EventType", "InAddr",   "OutType", "OutAddr",
                                            "OutTime", "Reserved", "InDevID", "OutDevID"};
constexpr std::array<Names, 5> kOutRelay = {"Num", "OutType", "ActionType", "TimezoneId", "DevID"};
constexpr std::array<Names, 4> kDst = {"Year", "StartTime", "EndTime", "Loop"};
constexpr std::array<Names, 3> kSuperAuthorize = {"Pin", "DoorID", "DevID"};
constexpr std::array<Names, 7> kBioPhoto = {"PIN", "Type", "Size", "Content", "Format", "Url", "PostBackTmpFlag"};
constexpr std::array<Names, 5> kUserPic = {"pin", "size", "format", "url", "content"};  // lower case in CN24 §12.1.1-31
constexpr std::array<Names, 10> kBiodata = {"Pin", "No", "Index", "Valid", "Duress", "Type", "MajorVer", "MinorVer",
                                            "Format", "Tmp"};

constexpr std::array<Names, 1> kByPin = {"Pin"};
constexpr std::array<Names, 2> kByPinAndFinger = {"Pin", "FingerID"};
constexpr std::array<Names, 1> kByZone = {"TimezoneId"};
constexpr std::array<Names, 2> kFirstCardKeys = {"DoorID", "Pin"};
constexpr std::array<Names, 1> kByIndex = {"Index"};
constexpr std::array<Names, 1> kByNum = {"Num"};
constexpr std::array<Names, 1> kByPinUpper = {"PIN"};
constexpr std::array<Names, 1> kByPinLower = {"pin"};
constexpr std::array<Names, 3> kBiodataKeys = {"Type", "Pin", "No"};

constexpr std::array<TableSchema, 17> kSchemas = {{
    {"user", kUser, kByPin},
    {"extuser", kExtUser, kByPin},
    {"mulcarduser", kMulCardUser, kByPin},
    {"userauthorize", kUserAuthorize, kByPin},
    {"holiday", kHoliday, {}},
    {"timezone", kTimezone, kByZone},
    {"templatev10", kTemplateV10, kByPinAndFinger},
    {"firstcard", kFirstCard, kFirstCardKeys},
    {"multimcard", kMultiCard, kByIndex},
    {"inoutfun", kInOutFun, kByIndex},
    {"outrelaysetting", kOutRelay, kByNum},
    {"DSTSetting", kDst, {}},
    {"SuperAuthorize", kSuperAuthorize, kByPin},
    {"biophoto", kBioPhoto, kByPinUpper},
    {"userpic", kUserPic, kByPinLower},
    {"biodata", kBiodata, kBiodataKeys},
    {"transaction", {}, {}},
}};

}  // namespace

std::span<const TableSchema> table_schemas() { return kSchemas; }

const TableSchema* table_schema(std::string_view table) {
  for (const auto& schema : kSchemas)
    if (schema.table == table) return &schema;
  return nullptr;
}

}  // namespace zkpush::protocol::access
