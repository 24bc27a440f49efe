// The canteen dialect (spec 001) has three log families, and every command and
// option names them differently (catalog §7.12, A-19). This table is the one
// place that knows each family's names:
//
//   family   upload table   poll type=  CHECK/SYNC/COLL  CLEAR       option stamps
//   pos      BUYLOG         pos         POSLOG           POSLOG      PosLogStamp, PosLogStampId, PosBakLogStampId
//   full     FULLLOG        full        FULLLOG          FULLVALUE   FullLogStamp, ...
//   allow    ALLOWLOG       allow       ALLOWLOG         SIDYLOG     AllowLogStamp, ...
//
// The fourth stamp family of the handshake, ZhiWei (Alipay/WeChat recharge),
// has no upload table in the spec; its stamps are always 0.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace zkpush::protocol::canteen {

enum class Family { kPos, kFull, kAllow };

struct FamilyNames {
  Family family;
  std::string_view name;          // "pos": the poll's type= and our own storage/API name
  std::string_view upload_table;  // table= of the upload (§6)
  std::string_view log_name;      // CHECK/SYNC/COLL argument (§7.7-§7.9)
  std::string_view clear_name;    // CLEAR argument (§7.2)
  std::string_view stamp_prefix;  // "Pos": PosLogStamp, PosLogStampId, PosBakLogStampId (§3.3)
};

inline constexpr std::array<FamilyNames, 3> kFamilies = {{
    {Family::kPos, "pos", "BUYLOG", "POSLOG", "POSLOG", "Pos"},
    {Family::kFull, "full", "FULLLOG", "FULLLOG", "FULLVALUE", "Full"},
    {Family::kAllow, "allow", "ALLOWLOG", "ALLOWLOG", "SIDYLOG", "Allow"},
}};

const FamilyNames& names_of(Family family);
// "pos" / "full" / "allow", any case; nullopt otherwise.
std::optional<Family> family_by_name(std::string_view name);

// Option keys of a family's stamps (§3.3): the time stamp of the last upload,
// its record number, and the record number of the last backup upload.
std::string stamp_key(Family family);            // PosLogStamp
std::string stamp_id_key(Family family);         // PosLogStampId
std::string backup_stamp_id_key(Family family);  // PosBakLogStampId

// What an upload's table= names (§6; BAK tables A-38; case as sent).
struct UploadTable {
  enum class Kind { kLog, kStoreDetail, kKeyDetail, kOther };
  Kind kind = Kind::kOther;
  Family family = Family::kPos;  // kLog only
  bool backup = false;           // BUYLOGBAK, FULLLOGBAK, ALLOWLOGBAK
};
UploadTable upload_table(std::string_view table);

}  // namespace zkpush::protocol::canteen
