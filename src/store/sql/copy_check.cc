#include "store/sql/copy_check.h"

#include <algorithm>

namespace zkpush::store::sql {

namespace {

constexpr const char* kLedgerTable = "canteen_ledger";

// "card wallet sum" per line, compared as text: both databases print an
// integer sum the same way.
Result<std::vector<std::string>> ledger_balances(Connection& db) {
  Result<Statement> st = db.prepare(
      "SELECT card_id, wallet, sum(amount) FROM canteen_ledger GROUP BY card_id, wallet ORDER BY card_id, wallet");
  if (!st) return st.error();
  std::vector<std::string> lines;
  for (;;) {
    Result<bool> row = st->step();
    if (!row) return row.error();
    if (!*row) return lines;
    lines.push_back(st->string(0) + " " + st->string(1) + " " + st->string(2));
  }
}

Status same_ledger_balances(Connection& from, Connection& to) {
  Result<std::vector<std::string>> before = ledger_balances(from);
  if (!before) return before.error();
  Result<std::vector<std::string>> after = ledger_balances(to);
  if (!after) return after.error();
  if (*before == *after) return Status::success();
  auto [a, b] = std::mismatch(before->begin(), before->end(), after->begin(), after->end());
  return Error::storage(
      "canteen ledger balances differ (card wallet sum): " + (a == before->end() ? std::string("none") : *a) +
      " in the source, " + (b == after->end() ? std::string("none") : *b) + " in the copy");
}

}  // namespace

Result<std::vector<TableRows>> check_copy(Connection& from, Connection& to, const std::vector<CopyTable>& tables) {
  std::vector<TableRows> counts;
  bool has_ledger = false;
  for (const CopyTable& table : tables) {
    Result<int64_t> source = count_rows(from, table.name);
    if (!source) return source.error();
    Result<int64_t> copy = count_rows(to, table.name);
    if (!copy) return copy.error();
    if (*source != *copy) {
      return Error::storage("table " + table.name + " has " + std::to_string(*source) + " rows in the source but " +
                            std::to_string(*copy) + " in the copy");
    }
    counts.push_back({table.name, *source});
    has_ledger = has_ledger || table.name == kLedgerTable;
  }
  if (has_ledger) {
    if (Status s = same_ledger_balances(from, to); !s) return s.error();
  }
  return counts;
}

}  // namespace zkpush::store::sql
