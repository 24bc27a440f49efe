// Per-connection settings. SQLite keeps most pragmas per connection, so each
// connection is configured as it is opened.
#pragma once

#include "store/sqlite/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

// How long a connection waits on a lock held by another process (the sqlite3
// shell, a backup) before failing with SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// The one writer: WAL, synchronous NORMAL (durable at checkpoints, a crash may
// lose the last commits but never corrupts) or FULL (fsync every commit),
// foreign keys on, a 64 MiB page cache, and a cap on the WAL file kept after a
// checkpoint.
Status configure_writer(Connection& db, bool durability_full);

// Readers: query_only so a bug cannot write through them, a smaller cache.
Status configure_reader(Connection& db);

}  // namespace zkpush::store::sqlite
