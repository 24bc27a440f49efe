// Schema version 5: leases, for work one node of a cluster does at a time
// (store/lease_records.h). The same table exists on PostgreSQL
// (store/postgres/pg_migration_005_leases.cc).

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

const char* const kMigration005Leases = R"sql(
CREATE TABLE leases (
  name       TEXT    NOT NULL PRIMARY KEY,
  holder     TEXT    NOT NULL,
  expires_at INTEGER NOT NULL  -- Unix ms; after it, any node may take the lease
) WITHOUT ROWID;
)sql";

}  // namespace zkpush::store::sqlite
