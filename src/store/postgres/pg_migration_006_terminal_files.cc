// Schema version 6: the files terminals download, as in
// store/sqlite/migration_006_terminal_files.cc (PostgreSQL keeps a large
// bytea out of line, so reading the other columns does not read it).

#include "store/postgres/pg_migrations.h"

namespace zkpush::store::postgres {

const char* const kPgMigration006TerminalFiles = R"sql(
CREATE TABLE terminal_files (
  path       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  size       BIGINT NOT NULL,
  sha256     TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  bytes      BYTEA NOT NULL
);
)sql";

}  // namespace zkpush::store::postgres
