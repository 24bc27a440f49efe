// Application-defined SQL functions, registered on every connection.
#pragma once

#include "store/sqlite/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

// zkpush_utc_ms(time, time_zone): see sql_functions.cc. The PostgreSQL schema
// defines the same function in SQL (store/postgres/).
Status register_sql_functions(Connection& db);

}  // namespace zkpush::store::sqlite
