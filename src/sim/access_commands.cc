// What an emulated access panel does with a command (access_panel.h): the
// table forms of CN24 §12 applied to its own tables, and door control.
#include "protocol/access/door_commands.h"
#include "protocol/access/table_schemas.h"
#include "protocol/upload.h"
#include "protocol/text.h"
#include "sim/access_panel.h"

namespace zkpush::sim {
namespace {

using protocol::Fields;
using protocol::trim;

// A table the emulated panel does not know (protocol/access/table_schemas.h),
// such as the attendance dialect's USERINFO, is refused with -629 ("wrong
// table name", as a SenseFace 2A does: push3_catalog §3.4).
bool known_table(std::string_view table) { return protocol::access::table_schema(table) != nullptr; }

std::string field_value(const Fields& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

// A row's key in its table: the fields that make one row of that table (CN24
// §12.1.1), the whole row for a table the panel does not know.
std::string row_key(const std::string& table, const Fields& row) {
  if (table == "templatev10") return field_value(row, "Pin") + "/" + field_value(row, "FingerID");
  if (table == "biodata") return field_value(row, "Pin") + "/" + field_value(row, "Type") + "/" + field_value(row, "No");
  if (table == "userauthorize") return field_value(row, "Pin") + "/" + field_value(row, "AuthorizeTimezoneId");
  if (table == "timezone") return field_value(row, "TimezoneId");
  if (table == "holiday") return field_value(row, "Holiday");
  if (auto pin = field_value(row, "Pin"); !pin.empty()) return pin;
  std::string key;
  for (const auto& [k, v] : row) key += k + "=" + v + "\t";
  return key;
}

Fields row_fields(std::string_view text) {
  Fields fields;
  for (auto part : protocol::split(text, '\t')) {
    if (trim(part).empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return {};
    fields.emplace_back(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
  }
  return fields;
}

// "DATA UPDATE user Pin=1\tName=A\nPin=2\tName=B": every row must have its
// fields; an update of a known key replaces the row (a re-sent Pin keeps
// nothing stale).
int data_update(AccessPanelDb& db, std::string_view rest) {
  const auto space = rest.find(' ');
  if (space == std::string_view::npos) return -11;
  const std::string table(rest.substr(0, space));
  if (!known_table(table)) return -629;
  int rows = 0;
  for (auto line : protocol::split(rest.substr(space + 1), '\n')) {
    if (trim(line).empty()) continue;
    Fields row = row_fields(trim(line));
    if (row.empty()) return -11;
    db.tables[table][row_key(table, row)] = std::move(row);
    ++rows;
  }
  return rows > 0 ? 0 : -11;
}

// "DATA DELETE user Pin=1" (several conditions joined by TAB), "DATA DELETE user *".
int data_delete(AccessPanelDb& db, std::string_view rest) {
  const auto space = rest.find(' ');
  const std::string table(rest.substr(0, space));
  if (!known_table(table)) return -629;
  const std::string_view condition = space == std::string_view::npos ? "" : trim(rest.substr(space + 1));
  auto& rows = db.tables[table];
  if (condition == "*") {
    rows.clear();
    return 0;
  }
  const Fields wanted = row_fields(condition);
  if (wanted.empty()) return -11;
  for (auto it = rows.begin(); it != rows.end();) {
    bool match = true;
    for (const auto& [k, v] : wanted) match = match && field_value(it->second, k) == v;
    it = match ? rows.erase(it) : std::next(it);
  }
  return 0;
}

// An upload row in the device's spelling: the table's prefix and lower-case keys (CN24 §10.5).
std::string upload_row(const std::string& table, const Fields& row) {
  std::string line = table + " ";
  for (std::size_t i = 0; i < row.size(); ++i)
    line += (i ? "\t" : "") + protocol::to_lower(row[i].first) + "=" + row[i].second;
  return line;
}

std::string querydata(const std::string& type, const std::string& id, const std::string& table, std::size_t rows) {
  return "type=" + type + "&cmdid=" + id + "&tablename=" + table + "&count=" + std::to_string(rows) +
         "&packcnt=1&packidx=1";
}

void door_event(AccessPanelDb& db, int event, int door, const std::string& time) {
  protocol::access::AccessEventRecord r;
  r.time = time;
  r.time_valid = true;
  r.pin = "0";
  r.card_no = "0";
  r.event = event;
  r.door = door;
  r.in_out = 2;
  r.verify = "200";
  r.index = db.next_index++;
  db.events.push_back({std::move(r), false});
}

int control_device(AccessPanelDb& db, std::string_view hex, const std::string& time) {
  namespace pa = protocol::access;
  auto command = pa::parse_control_device(hex);
  if (!command || command->door > static_cast<int>(db.doors.size())) return -13;
  const int first = command->door == 0 ? 1 : command->door;
  const int last = command->door == 0 ? static_cast<int>(db.doors.size()) : command->door;
  for (int door = first; door <= last; ++door) {
    auto& d = db.doors[static_cast<std::size_t>(door - 1)];
    switch (command->action) {
      case pa::DoorAction::kOpen:
        d.unlocked = true;
        d.lock_at = std::chrono::steady_clock::now() + std::chrono::seconds(command->seconds);
        door_event(db, 8, door, time);
        break;
      case pa::DoorAction::kKeepOpen:
        d.unlocked = d.keep_open = true;
        door_event(db, 205, door, time);
        break;
      case pa::DoorAction::kClose:
        d.unlocked = d.keep_open = false;
        door_event(db, 9, door, time);
        break;
      case pa::DoorAction::kCancelAlarm:
        d.alarm = 0;
        door_event(db, 7, door, time);
        break;
      case pa::DoorAction::kLock: door_event(db, 233, door, time); break;
      case pa::DoorAction::kUnlock: door_event(db, 234, door, time); break;
    }
  }
  db.state_changed = true;
  return 0;
}

}  // namespace

AccessCommandResult execute_access_command(AccessPanelDb& db, const ServerCommand& command,
                                           const std::string& local_time) {
  AccessCommandResult result;
  std::string_view text = trim(command.text);
  std::string verb;
  int code = -13;  // "command error / no such command" (CN24 App.1)
  if (protocol::istarts_with(text, "DATA UPDATE ")) {
    verb = "DATA";
    code = data_update(db, text.substr(12));
  } else if (protocol::istarts_with(text, "DATA DELETE ")) {
    verb = "DATA";
    code = data_delete(db, text.substr(12));
  } else if (protocol::istarts_with(text, "DATA COUNT ")) {
    verb = "DATA COUNT";
    const std::string table(trim(text.substr(11)));
    const std::size_t rows = db.tables[table].size();
    result.uploads.push_back({querydata("count", command.id, table, 1), table + "=" + std::to_string(rows)});
    code = static_cast<int>(rows);
  } else if (protocol::istarts_with(text, "DATA QUERY ")) {
    verb = "DATA QUERY";
    std::string table;
    for (auto part : protocol::split(text.substr(11), ','))
      if (protocol::istarts_with(trim(part), "tablename=")) table = std::string(trim(part).substr(10));
    std::string body;
    for (const auto& [key, row] : db.tables[table]) body += upload_row(table, row) + "\n";
    result.uploads.push_back({querydata("tabledata", command.id, table, db.tables[table].size()), body});
    code = static_cast<int>(db.tables[table].size());
  } else if (protocol::istarts_with(text, "CONTROL DEVICE ")) {
    verb = "CONTROL DEVICE";
    code = control_device(db, text.substr(15), local_time);
  } else if (protocol::istarts_with(text, "SET OPTIONS ")) {
    verb = "SET OPTIONS";
    for (auto& [k, v] : protocol::parse_options_body(text.substr(12))) db.options[k] = v;
    code = 0;
  } else if (protocol::istarts_with(text, "GET OPTIONS ")) {
    verb = "GET OPTIONS";
    std::string body;
    for (auto name : protocol::split(text.substr(12), ',')) {
      auto it = db.options.find(std::string(trim(name)));
      if (it != db.options.end()) body += (body.empty() ? "" : ",") + it->first + "=" + it->second;
    }
    result.uploads.push_back({querydata("options", command.id, "options", 1), body});
    code = 0;
  } else if (protocol::istarts_with(text, "REBOOT")) {
    verb = "REBOOT";
    code = 0;
    result.reboot = true;
  } else {
    verb = std::string(text.substr(0, text.find(' ')));
  }
  result.reply = "ID=" + command.id + "&Return=" + std::to_string(code) + "&CMD=" + verb;
  return result;
}

}  // namespace zkpush::sim
