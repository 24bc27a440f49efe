// Command texts for canteen terminals (spec 001 §7), without the "C:<id>:"
// prefix the command queue adds. Unlike the attendance dialect there is no
// `DATA` prefix: "UPDATE STOREINFO ...", not "DATA UPDATE ...".
//
// Printed defects and how they are resolved here (catalog §10):
//  - one record per command line (A-28: "records joined by LF" inside UPDATE
//    would collide with LF between commands);
//  - DELETE and QUERY name rows by key=value fields;
//  - USERINFO lists UserID twice (L1280, A-24). The eighth key is sent as
//    UserType (0 = white list, 1 = black list): the terminal's INFO counts
//    BlackUserCount/WhiteUserCount (L1211), the legacy server sends UserType
//    there, and without it a card could not be black-listed at all;
//  - SUBSIDYLOG `downd ate` is downdate; the dual-wallet StartDate, ClearFlag
//    and EndFlag are sent as key=value;
//  - SYNC and COLL lost their "C:<id>:" prefix and END's '='; COLL's
//    dates keep their space ("START=2018-12-24 12:33:01") as printed;
//  - CLEAR ONRESPOSLOG's DATE is YYYYMMDD as in the example 20181201;
//  - each family has its own word per command (A-19, family.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/canteen/family.h"
#include "protocol/canteen/master_tables.h"
#include "protocol/records.h"

namespace zkpush::protocol::canteen {

// UPDATE <table> k=v<TAB>k=v... (§7.6.1)
std::string format_update(std::string_view table, const Fields& row);
// DELETE <table> k=v... (§7.6.2); a master row by its key (or full row, see MasterTable).
std::string format_delete(std::string_view table, const Fields& condition);
std::string format_master_delete(const MasterTable& table, const Fields& row);
// QUERY <table>[ k=v...] (§7.6.3); without a condition, the whole table.
std::string format_query(std::string_view table, const Fields& condition = {});

// One card of the white/black list (USERINFO, §7.6.1).
struct CardListEntry {
  std::string sys_id;    // SysID: the server's id of the card (DELETE USERINFO names it)
  std::string user_id;   // UserID
  std::string pin;       // PIN: the holder's personnel number
  std::string card_no;   // CardNo
  std::string name;      // Name (UTF-8; the queue converts to the terminal's charset)
  std::string password;  // Password: the card password (§8)
  std::string seg_no = "0";  // SegNo, undefined in the spec
  bool blacklisted = false;  // UserType: 1 = black list (lost or blocked), 0 = white list
  int privilege = 0;         // Privage: 0 = ordinary card
};
std::string format_card_update(const CardListEntry& entry);
std::string format_card_delete(std::string_view sys_id);

// A credit for one card that the terminal writes onto it when the card is
// presented (SUBSIDYLOG, §7.6.1); it comes back as an ALLOWLOG record.
struct SubsidyEntry {
  std::string sys_id, card_no;
  int64_t batch = 0;      // Batch: increases with every issue; the card remembers the last one
  int64_t money = 0;      // Money, in the terminal's unit
  int64_t allow_date = 0;  // allowDate, subsidy_date() encoding
  int64_t down_date = 0;   // downdate (undefined in the spec): the issue date, same encoding
  // Dual wallet only (undefined in the spec, A-27): valid from allow_date, no clearing.
  int clear_flag = 0, end_flag = 0;
};
std::string format_subsidy(const SubsidyEntry& entry, bool dual_wallet);
// The legacy server's date encoding for SUBSIDYLOG: ((year-2000)*12+month)*31+day.
int64_t subsidy_date(int year, int month, int day);
// From "YYYY-MM-DD"; nullopt when not a date.
std::optional<int64_t> subsidy_date(std::string_view date);

// CLEAR (§7.2)
std::string format_clear(Family family);  // CLEAR POSLOG | FULLVALUE | SIDYLOG
inline constexpr std::string_view kClearData = "CLEAR DATA";
// CLEAR ONRESPOSLOG DATE=YYYYMMDD: consumption records before that day.
std::string format_clear_before(std::string_view yyyymmdd);

// CHECK (§7.7)
inline constexpr std::string_view kCheckOption = "CHECK OPTION";
inline constexpr std::string_view kCheckAll = "CHECK ALL";
std::string format_check(Family family);  // CHECK POSLOG | FULLLOG | ALLOWLOG

// SYNC: upload again the records numbered first..last (§7.8).
std::string format_sync(Family family, int64_t first, int64_t last);
// COLL: upload again the records between two "YYYY-MM-DD hh:mm:ss" times,
// of one card or ("0") of every card (§7.9).
std::string format_coll(Family family, std::string_view from, std::string_view to, std::string_view card_no);

inline constexpr std::string_view kInfo = "INFO";      // §7.3
inline constexpr std::string_view kReboot = "REBOOT";  // §7.5: last in a batch
// SET OPTION k=v (§7.4); several items are TAB-separated as the legacy server sends them.
std::string format_set_option(const Fields& items);
std::string format_shell(std::string_view command);                   // §7.1
std::string format_get_file(std::string_view path);                   // §7.10
std::string format_put_file(std::string_view url, std::string_view path = {});  // §7.11

}  // namespace zkpush::protocol::canteen
