#include "protocol/canteen/family.h"

#include "protocol/text.h"

namespace zkpush::protocol::canteen {

const FamilyNames& names_of(Family family) { return kFamilies[static_cast<std::size_t>(family)]; }

std::optional<Family> family_by_name(std::string_view name) {
  for (const auto& f : kFamilies)
    if (iequals(trim(name), f.name)) return f.family;
  return std::nullopt;
}

std::string stamp_key(Family family) { return std::string(names_of(family).stamp_prefix) + "LogStamp"; }
std::string stamp_id_key(Family family) { return std::string(names_of(family).stamp_prefix) + "LogStampId"; }
std::string backup_stamp_id_key(Family family) {
  return std::string(names_of(family).stamp_prefix) + "BakLogStampId";
}

UploadTable upload_table(std::string_view table) {
  table = trim(table);
  if (iequals(table, "storedetail")) return {UploadTable::Kind::kStoreDetail, Family::kPos, false};
  if (iequals(table, "keydetail")) return {UploadTable::Kind::kKeyDetail, Family::kPos, false};
  constexpr std::string_view kBak = "BAK";
  for (const auto& f : kFamilies) {
    if (iequals(table, f.upload_table)) return {UploadTable::Kind::kLog, f.family, false};
    if (table.size() == f.upload_table.size() + kBak.size() && istarts_with(table, f.upload_table) &&
        iequals(table.substr(f.upload_table.size()), kBak))
      return {UploadTable::Kind::kLog, f.family, true};
  }
  return {};
}

}  // namespace zkpush::protocol::canteen
