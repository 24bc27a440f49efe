// Brings a PostgreSQL database to this build's schema (pg_migrations.h).
#pragma once

#include "store/postgres/pg_connection.h"
#include "util/error.h"

namespace zkpush::store::postgres {

// Holds a session advisory lock while it reads the version and runs each
// newer migration in its own transaction, so nodes that start together take
// turns and the later ones find the work done. Refuses a database whose
// schema is newer than this build's.
Status migrate(PgConnection& db);

// The schema version recorded in the database (0: none yet).
Result<int> schema_version(PgConnection& db);

}  // namespace zkpush::store::postgres
