#include "store/sqlite/copy_tables.h"

#include <set>

namespace zkpush::store::sqlite {

namespace {

struct Declared {
  sql::CopyTable table;
  std::set<std::string> references;  // tables its foreign keys name, itself excepted
};

Result<std::vector<std::string>> table_names(Connection& db) {
  // rowid order is creation order: a table's schema row is appended.
  Result<Statement> st = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
      "ORDER BY rowid");
  if (!st) return st.error();
  std::vector<std::string> names;
  for (;;) {
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return names;
    names.push_back(st->string(0));
  }
}

Result<Declared> declared(Connection& db, const std::string& name) {
  Declared d;
  d.table.name = name;
  Result<Statement> columns = db.prepare("SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid");
  if (!columns) return columns.error();
  columns->bind_text(1, name);
  for (;;) {
    Result<bool> row = columns->step();
    if (!row) return row.error();
    if (!*row) break;
    d.table.columns.push_back({columns->string(0), columns->text(1).find("BLOB") != std::string_view::npos});
  }
  Result<Statement> keys = db.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)");
  if (!keys) return keys.error();
  keys->bind_text(1, name);
  for (;;) {
    Result<bool> row = keys->step();
    if (!row) return row.error();
    if (!*row) break;
    if (keys->text(0) != name) d.references.insert(keys->string(0));
  }
  return d;
}

}  // namespace

Result<std::vector<sql::CopyTable>> tables_in_copy_order(Connection& db) {
  Result<std::vector<std::string>> names = table_names(db);
  if (!names) return names.error();
  std::vector<Declared> pending;
  for (const std::string& name : *names) {
    Result<Declared> d = declared(db, name);
    if (!d) return d.error();
    pending.push_back(std::move(*d));
  }
  // Repeatedly take the first table (in creation order) whose references
  // are all placed: a stable topological order.
  std::vector<sql::CopyTable> ordered;
  std::set<std::string> placed;
  while (!pending.empty()) {
    auto ready = pending.begin();
    for (; ready != pending.end(); ++ready) {
      bool all_placed = true;
      for (const std::string& ref : ready->references) all_placed = all_placed && placed.count(ref) != 0;
      if (all_placed) break;
    }
    if (ready == pending.end()) {
      return Error::storage("the foreign keys of table " + pending.front().table.name +
                            " form a cycle; cannot order the copy");
    }
    placed.insert(ready->table.name);
    ordered.push_back(std::move(ready->table));
    pending.erase(ready);
  }
  return ordered;
}

Result<std::map<std::string, int64_t>> autoincrement_counters(Connection& db) {
  std::map<std::string, int64_t> counters;
  Result<Statement> exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'");
  if (!exists) return exists.error();
  Result<bool> has = exists->step();
  if (!has) return has.error();
  if (!*has) return counters;
  Result<Statement> st = db.prepare("SELECT name, seq FROM sqlite_sequence");
  if (!st) return st.error();
  for (;;) {
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return counters;
    counters[st->string(0)] = st->int64(1);
  }
}

}  // namespace zkpush::store::sqlite
