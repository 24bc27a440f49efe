// PostgreSQL's errors as zkpush Error values: the kind says what the caller
// can do about it (retry later, a duplicate, a missing reference).
#pragma once

#include <libpq-fe.h>

#include <string_view>

#include "util/error.h"

namespace zkpush::store::postgres {

// The error of `result` (or of the connection when `result` is null or
// carries no SQLSTATE), as
// "<primary message> (SQLSTATE xxxxx) while running: <start of sql>".
Error pg_error(PGconn* conn, const PGresult* result, std::string_view sql);

// The kind for a SQLSTATE (empty when none is known) on a connection that
// is (`lost`) or is not lost.
Error::Kind pg_error_kind(std::string_view sqlstate, bool lost);

}  // namespace zkpush::store::postgres
