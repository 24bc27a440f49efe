#include "protocol/canteen/options.h"

#include <cstdio>

#include "protocol/canteen/family.h"
#include "protocol/format.h"
#include "util/clock.h"

namespace zkpush::protocol::canteen {
namespace {

// The ZhiWei (Alipay/WeChat recharge) stamps have no upload table, and
// Stamp/OpStamp/TableNameStamp/PhotoStamp are attendance leftovers.
constexpr std::string_view kZhiWeiStamps[] = {"ZhiWeiLogStamp", "ZhiWeiLogStampId", "ZhiWeiBakLogStampId"};

}  // namespace

Fields canteen_options(const std::map<std::string, std::string>& stamps, const Fields& settings) {
  Fields options;
  auto stamp = [&](const std::string& key) {
    auto it = stamps.find(key);
    options.emplace_back(key, it == stamps.end() || it->second.empty() ? std::string("0") : it->second);
  };
  stamp("Stamp");
  stamp("OpStamp");
  for (std::string_view key : kZhiWeiStamps) stamp(std::string(key));
  for (const auto& f : kFamilies) stamp(stamp_key(f.family));
  for (const auto& f : kFamilies) stamp(stamp_id_key(f.family));
  for (const auto& f : kFamilies) stamp(backup_stamp_id_key(f.family));
  options.emplace_back("UseStampId", "1");  // L359-L361: "set UseStampId=1 directly"
  options.emplace_back("TableNameStamp", "0");
  options.emplace_back("PhotoStamp", "0");
  for (const auto& [key, value] : settings) {
    if (value.empty() || key == "PushProtVer") continue;
    options.emplace_back(key, key == "Encrypt" ? std::string("0") : value);
  }
  return options;
}

std::string format_options(std::string_view sn, const std::map<std::string, std::string>& stamps,
                           const Fields& settings) {
  return format_handshake(sn, canteen_options(stamps, settings));
}

std::string format_time_reply(int64_t utc_seconds, int offset_minutes) {
  std::string local = format_record_time(utc_seconds + int64_t{offset_minutes} * 60);  // "YYYY-MM-DD hh:mm:ss"
  local[10] = 'T';
  const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char zone[8];
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', magnitude / 60 % 100, magnitude % 60);
  return "Time=" + local + zone;
}

}  // namespace zkpush::protocol::canteen
