// Checks a copy (store/sql/copy_rows.h) against its source before it is
// committed: a mismatch rolls the whole copy back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql/copy_rows.h"
#include "util/error.h"

namespace zkpush::store::sql {

struct TableRows {
  std::string table;
  int64_t rows = 0;
};

// The row count of every table, which must be the same on both sides, and
// the canteen ledger's sum per card and wallet (what the cards' balances are
// made of), which must be too. The counts, in the order of `tables`; an
// error naming the first difference.
Result<std::vector<TableRows>> check_copy(Connection& from, Connection& to, const std::vector<CopyTable>& tables);

}  // namespace zkpush::store::sql
