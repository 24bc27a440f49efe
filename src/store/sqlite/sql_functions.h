// Application-defined SQL functions, registered on every connection.
#pragma once

#include "store/sqlite/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

// zkpush_merge_fields(old, new): merges two JSON key/value columns (see
// json_columns.h merge_fields). NULL `new` keeps `old`; NULL or unreadable
// `old` gives `new`. Used by the USER upsert so a re-upload keeps extra keys it
// does not mention. zkpush_utc_ms(time, time_zone): see sql_functions.cc.
Status register_sql_functions(Connection& db);

}  // namespace zkpush::store::sqlite
