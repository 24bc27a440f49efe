// Schema version 6: the files terminals download (store/file_records.h), in
// the database so that every node of a cluster serves the same ones. The same
// table exists on PostgreSQL (store/postgres/pg_migration_006_terminal_files.cc).

#include "store/sqlite/migrations.h"

namespace zkpush::store::sqlite {

// `bytes` is the last column: SQLite stores a row's columns in order, so
// listing the files (every column but bytes) stops before the large value
// and its overflow pages.
const char* const kMigration006TerminalFiles = R"sql(
CREATE TABLE terminal_files (
  path       TEXT    NOT NULL PRIMARY KEY,  -- relative, as terminals ask for it: "fw/x.tgz"
  size       INTEGER NOT NULL,
  sha256     TEXT    NOT NULL,              -- lower-case hex
  created_at INTEGER NOT NULL,              -- Unix ms
  bytes      BLOB    NOT NULL
) WITHOUT ROWID;
)sql";

}  // namespace zkpush::store::sqlite
