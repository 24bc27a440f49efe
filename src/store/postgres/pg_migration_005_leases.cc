// Schema version 5: leases, as in store/sqlite/migration_005_leases.cc.

#include "store/postgres/pg_migrations.h"

namespace zkpush::store::postgres {

const char* const kPgMigration005Leases = R"sql(
CREATE TABLE leases (
  name       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  holder     TEXT COLLATE "C" NOT NULL,
  expires_at BIGINT NOT NULL
);
)sql";

}  // namespace zkpush::store::postgres
