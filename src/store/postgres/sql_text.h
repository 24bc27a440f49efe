// What the PostgreSQL connection does to the text it sends: the shared SQL's
// SQLite-style parameters become PostgreSQL's, and bound text becomes
// something a PostgreSQL text value can hold.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace zkpush::store::postgres {

struct PgSql {
  std::string text;  // with $1, $2... in place of ?1, ?2...
  // slots[N]: the $ number that stands for ?N; 0 when the text does not use
  // ?N. PostgreSQL must type every $N up to the highest, so the numbers are
  // made dense: a statement built from optional filters may skip some.
  std::vector<int> slots;
  int parameter_count = 0;  // how many $N the text has
};

// Rewrites `?N` to `$M` outside single-quoted literals, double-quoted
// identifiers and comments, M being the rank of N among the numbers used. A
// bare `?` (or `?0`) is refused: the shared SQL numbers every parameter, so
// a bare one is a mistake.
Result<PgSql> rewrite_parameters(std::string_view sql);

// `value` as PostgreSQL text into `out` (replacing its contents): each
// invalid UTF-8 sequence and each NUL becomes U+FFFD. PostgreSQL refuses
// both in text, and a terminal's stray byte must not make its upload fail
// forever; the rest of the value is kept as sent.
void to_pg_text(std::string_view value, std::string& out);

}  // namespace zkpush::store::postgres
