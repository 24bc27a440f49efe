// Identity sequences after rows were inserted with explicit ids (a copy of a
// SQLite installation): a sequence does not see those ids, and would hand
// out id 1 again.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "store/postgres/pg_connection.h"
#include "util/error.h"

namespace zkpush::store::postgres {

// Moves every identity sequence of the current schema's tables (found in
// information_schema: canteen_credit_batches' is `batch`, not `id`) past the
// largest id its table holds, and past `floors[table]` when that is larger
// (SQLite's AUTOINCREMENT counters, so commands and webhooks never reuse an
// id a deleted row had).
Status reset_identities(PgConnection& db, const std::map<std::string, int64_t>& floors);

}  // namespace zkpush::store::postgres
