// The emulated canteen terminal's command executor (spec 001 §7): what a
// CM102 does with each command, and the reply it posts.
//
//   UPDATE <table> k=v...   USERINFO by SysID, SUBSIDYLOG as a credit waiting
//                           for its card, master data by its key fields
//   DELETE <table> k=v...   removes the row those fields name
//   SYNC <log> START= END=  the records of that range go up again
//   CLEAR <log>|DATA        forgets records (RecNo keeps counting)
//   CHECK ..., SET OPTION, QUERY, COLL   acknowledged
//   INFO                    counts, as key=value lines after the reply
//   REBOOT                  acknowledged, then the terminal boots again
//   anything else           Return=-1002 (not supported)
#include <algorithm>

#include "protocol/canteen/family.h"
#include "protocol/canteen/master_tables.h"
#include "protocol/text.h"
#include "sim/canteen_terminal.h"
#include "sim/command_args.h"
#include "sim/command_reply.h"

namespace zkpush::sim {
namespace {

namespace cp = protocol::canteen;

protocol::Fields fields_of(const Args& args) {
  protocol::Fields fields;
  for (const auto& [k, v] : args) fields.emplace_back(std::string(k), std::string(v));
  return fields;
}

// The key a table's row is filed under: SysID for USERINFO, the layout's key
// fields for master data.
std::string row_key(std::string_view table, const Args& args) {
  if (protocol::iequals(table, "USERINFO")) return std::string(arg(args, "SysID").value_or(""));
  const cp::MasterTable* layout = cp::master_table(table);
  return layout ? cp::row_key(*layout, fields_of(args)) : std::string();
}

std::optional<Family> family_of_log(std::string_view word) {
  for (const auto& f : cp::kFamilies)
    if (protocol::iequals(word, f.log_name) || protocol::iequals(word, f.clear_name)) return f.family;
  return std::nullopt;
}

}  // namespace

int64_t CanteenTerminalDb::next_rec_no(Family family) const {
  auto it = records.find(family);
  return it == records.end() || it->second.empty() ? 1 : it->second.back().transaction.rec_no + 1;
}

bool CanteenTerminalDb::blacklisted(const std::string& card_no) const {
  auto table = tables.find("USERINFO");
  if (table == tables.end()) return false;
  for (const auto& [sys_id, fields] : table->second) {
    bool this_card = false, black = false;
    for (const auto& [k, v] : fields) {
      if (k == "CardNo") this_card = v == card_no;
      if (k == "UserType") black = v == "1";
    }
    if (this_card) return black;
  }
  return false;
}

namespace {

// UPDATE/DELETE <table> k=v...: the Return code.
long long update_canteen_table(CanteenTerminalDb& db, const std::string& verb, std::string_view text) {
  const std::string table = protocol::to_upper(next_word(text));
  const Args args = parse_args(text);
  if (table == "SUBSIDYLOG" && verb == "UPDATE") {
    auto batch = protocol::parse_int(arg(args, "Batch").value_or(""));
    auto money = protocol::parse_int(arg(args, "Money").value_or(""));
    if (!batch || !money) return ret::kBadParameter;
    db.credits.push_back({std::string(arg(args, "CardNo").value_or("")), *batch, *money});
    return ret::kOk;
  }
  const std::string key = row_key(table, args);
  if (key.empty()) return ret::kConfigMismatch;
  if (verb == "UPDATE") db.tables[table][key] = fields_of(args);
  else db.tables[table].erase(key);
  return ret::kOk;
}

// SYNC <log> START= END=: the Return code.
long long sync_canteen_records(CanteenTerminalDb& db, std::string_view text) {
  auto family = family_of_log(next_word(text));
  const Args args = parse_args(text);
  auto first = protocol::parse_int(arg(args, "START").value_or(""));
  auto last = protocol::parse_int(arg(args, "END").value_or(""));
  if (!family || !first || !last) return ret::kBadParameter;
  for (const auto& r : db.records[*family])
    if (r.transaction.rec_no >= *first && r.transaction.rec_no <= *last) db.resend[*family].insert(r.transaction.rec_no);
  return ret::kOk;
}

// CLEAR <log>|DATA.
void clear_canteen_data(CanteenTerminalDb& db, std::string_view text) {
  const std::string what = protocol::to_upper(next_word(text));
  if (what == "DATA") {
    db.tables.clear();
    db.credits.clear();
  } else if (auto family = family_of_log(what)) {
    // RecNo keeps counting after a clear: keep the last record's number.
    auto& records = db.records[*family];
    if (records.size() > 1) records.erase(records.begin(), records.end() - 1);
  }
}

// The key=value lines INFO adds after its reply.
std::string canteen_info_lines(CanteenTerminalDb& db) {
  int white = 0, black = 0;
  for (const auto& [sys_id, fields] : db.tables["USERINFO"])
    (std::any_of(fields.begin(), fields.end(), [](const auto& f) { return f.first == "UserType" && f.second == "1"; })
         ? black
         : white)++;
  std::string out = "\nBlackUserCount=" + std::to_string(black) + "\nWhiteUserCount=" + std::to_string(white) +
                    "\nFPCount=0\nPUSHVersion=4.0.1";
  for (const auto& f : cp::kFamilies) {
    const std::string name = std::string(f.stamp_prefix) + "Log";
    out += "\n" + name + "=" + std::to_string(db.records[f.family].size());
  }
  return out;
}

}  // namespace

std::string execute_canteen_command(CanteenTerminalDb& db, const ServerCommand& command, bool& reboot, bool& check) {
  std::string_view text = command.text;
  const std::string verb = protocol::to_upper(next_word(text));
  auto reply = [&](long long code, std::string_view cmd) { return reply_record(command.id, code, cmd); };
  if (verb == "UPDATE" || verb == "DELETE") return reply(update_canteen_table(db, verb, text), verb);
  if (verb == "SYNC") return reply(sync_canteen_records(db, text), "SYNC");
  if (verb == "CLEAR") {
    clear_canteen_data(db, text);
    return reply(ret::kOk, "CLEAR");
  }
  if (verb == "INFO") return reply(ret::kOk, "INFO") + canteen_info_lines(db);
  if (verb == "CHECK") {
    check = true;
    return reply(ret::kOk, "CHECK");
  }
  if (verb == "REBOOT") {
    reboot = true;
    return reply(ret::kOk, "REBOOT");
  }
  if (verb == "SET") return reply(ret::kOk, "SET OPTION");
  if (verb == "QUERY" || verb == "COLL") return reply(ret::kOk, verb);
  return reply(ret::kNotSupported, verb);
}

}  // namespace zkpush::sim
