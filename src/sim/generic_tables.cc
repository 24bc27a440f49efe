// See generic_tables.h for the tables and their keys.
#include "sim/generic_tables.h"

#include <algorithm>
#include <string>

#include "protocol/text.h"

namespace zkpush::sim {
namespace {

struct TableKey {
  std::string_view name;
  std::string_view key[2];  // the second one empty for single-field keys
};

const TableKey kTables[] = {
    {"SMS", {"UID"}},
    {"USER_SMS", {"PIN", "UID"}},
    {"ADPIC", {"Index"}},
    {"WORKCODE", {"PIN"}},
    {"ShortcutKey", {"KeyID"}},
    {"AccGroup", {"ID"}},
    {"AccTimeZone", {"UID"}},
    {"AccHoliday", {"UID"}},
    {"AccUnLockComb", {"UID"}},
    {"IDCARD", {"IDNum"}},
    {"BLACKLIST", {"IDNum"}},
    {"WHITELIST", {"IDNum"}},
    {"BIOPHOTO", {"PIN", "Type"}},
};

const TableKey* find_table(std::string_view name) {
  for (const TableKey& t : kTables)
    if (protocol::iequals(name, t.name)) return &t;
  return nullptr;
}

std::optional<std::string_view> field(const protocol::Fields& row, std::string_view key) {
  for (const auto& [k, v] : row)
    if (protocol::iequals(k, key)) return std::string_view(v);
  return std::nullopt;
}

bool matches(const protocol::Fields& row, const Args& conditions) {
  for (const auto& [key, value] : conditions)
    if (field(row, key) != std::optional<std::string_view>(value)) return false;
  return true;
}

void merge(protocol::Fields& row, const Args& args) {
  for (const auto& [key, value] : args) {
    auto it = std::find_if(row.begin(), row.end(), [&](const auto& f) { return protocol::iequals(f.first, key); });
    if (it != row.end())
      it->second = std::string(value);
    else
      row.emplace_back(std::string(key), std::string(value));
  }
}

}  // namespace

std::optional<std::string_view> generic_table(std::string_view name) {
  const TableKey* t = find_table(name);
  if (!t) return std::nullopt;
  return t->name;
}

bool upsert_row(TerminalDb& db, std::string_view table, const Args& args) {
  const TableKey* t = find_table(table);
  if (!t) return false;
  Args key;
  for (std::string_view k : t->key) {
    if (k.empty()) continue;
    auto value = nonempty_arg(args, k);
    if (!value) return false;
    key.emplace_back(k, *value);
  }
  auto& rows = db.tables[std::string(t->name)];
  auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& row) { return matches(row, key); });
  if (it == rows.end()) it = rows.insert(rows.end(), protocol::Fields{});
  merge(*it, args);
  return true;
}

bool delete_rows(TerminalDb& db, std::string_view table, const Args& conditions) {
  const TableKey* t = find_table(table);
  if (!t || conditions.empty()) return false;
  auto found = db.tables.find(std::string(t->name));
  if (found == db.tables.end()) return true;
  std::erase_if(found->second, [&](const auto& row) { return matches(row, conditions); });
  return true;
}

void delete_rows_where(TerminalDb& db, std::string_view table, std::string_view key, std::string_view value) {
  auto found = db.tables.find(std::string(table));
  if (found == db.tables.end()) return;
  const Args condition = {{key, value}};
  std::erase_if(found->second, [&](const auto& row) { return matches(row, condition); });
}

}  // namespace zkpush::sim
