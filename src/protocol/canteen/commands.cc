#include "protocol/canteen/commands.h"

#include "protocol/record_line.h"
#include "protocol/text.h"

namespace zkpush::protocol::canteen {
namespace {

std::string with_fields(std::string prefix, const Fields& fields) {
  RecordLine line(prefix);
  for (const auto& [key, value] : fields) line.add(key, value);
  return line.str();
}

// A free-text argument must stay on its command line.
std::string argument(std::string_view text) { return single_line(trim(text)); }

}  // namespace

std::string format_update(std::string_view table, const Fields& row) {
  return with_fields("UPDATE " + std::string(table) + " ", row);
}

std::string format_delete(std::string_view table, const Fields& condition) {
  return with_fields("DELETE " + std::string(table) + " ", condition);
}

std::string format_master_delete(const MasterTable& table, const Fields& row) {
  if (table.delete_with_full_row) return format_delete(table.name, row);
  Fields key;
  for (const auto& [k, v] : row)
    for (std::string_view field : table.key_fields)
      if (k == field) key.emplace_back(k, v);
  return format_delete(table.name, key);
}

std::string format_query(std::string_view table, const Fields& condition) {
  if (condition.empty()) return "QUERY " + std::string(table);
  return with_fields("QUERY " + std::string(table) + " ", condition);
}

std::string format_card_update(const CardListEntry& e) {
  return RecordLine("UPDATE USERINFO ")
      .add("SysID", e.sys_id)
      .add("UserID", e.user_id)
      .add("PIN", e.pin)
      .add("CardNo", e.card_no)
      .add("Name", e.name)
      .add("Password", e.password)
      .add("SegNo", e.seg_no)
      .add("UserType", e.blacklisted ? "1" : "0")
      .add("Privage", static_cast<long long>(e.privilege))
      .str();
}

std::string format_card_delete(std::string_view sys_id) { return format_delete("USERINFO", {{"SysID", std::string(sys_id)}}); }

std::string format_subsidy(const SubsidyEntry& e, bool dual_wallet) {
  RecordLine line("UPDATE SUBSIDYLOG ");
  line.add("SysID", e.sys_id)
      .add("CardNo", e.card_no)
      .add("Batch", static_cast<long long>(e.batch))
      .add("Money", static_cast<long long>(e.money))
      .add("allowDate", static_cast<long long>(e.allow_date))
      .add("downdate", static_cast<long long>(e.down_date));
  if (dual_wallet)
    line.add("StartDate", static_cast<long long>(e.allow_date))
        .add("ClearFlag", static_cast<long long>(e.clear_flag))
        .add("EndFlag", static_cast<long long>(e.end_flag));
  return line.str();
}

int64_t subsidy_date(int year, int month, int day) { return (int64_t{year - 2000} * 12 + month) * 31 + day; }

std::optional<int64_t> subsidy_date(std::string_view date) {
  date = trim(date);
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto year = parse_int(date.substr(0, 4)), month = parse_int(date.substr(5, 2)), day = parse_int(date.substr(8, 2));
  if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1 || *day > 31 || *year < 2000)
    return std::nullopt;
  return subsidy_date(static_cast<int>(*year), static_cast<int>(*month), static_cast<int>(*day));
}

std::string format_clear(Family family) { return "CLEAR " + std::string(names_of(family).clear_name); }

std::string format_clear_before(std::string_view yyyymmdd) { return "CLEAR ONRESPOSLOG DATE=" + argument(yyyymmdd); }

std::string format_check(Family family) { return "CHECK " + std::string(names_of(family).log_name); }

std::string format_sync(Family family, int64_t first, int64_t last) {
  return "SYNC " + std::string(names_of(family).log_name) + " START=" + std::to_string(first) +
         " END=" + std::to_string(last);
}

std::string format_coll(Family family, std::string_view from, std::string_view to, std::string_view card_no) {
  return "COLL " + std::string(names_of(family).log_name) + " START=" + argument(from) + " END=" + argument(to) +
         " CARDNO=" + (trim(card_no).empty() ? std::string("0") : argument(card_no));
}

std::string format_set_option(const Fields& items) { return with_fields("SET OPTION ", items); }

std::string format_shell(std::string_view command) { return "SHELL " + argument(command); }

std::string format_get_file(std::string_view path) { return "GetFile " + argument(path); }

std::string format_put_file(std::string_view url, std::string_view path) {
  std::string out = "PutFile " + argument(url);
  if (!trim(path).empty()) {
    out += ' ';
    out += argument(path);
  }
  return out;
}

}  // namespace zkpush::protocol::canteen
