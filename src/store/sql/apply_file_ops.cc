// Files terminals download (store/file_records.h).

#include "store/sql/apply_ops.h"
#include "util/crypto.h"

namespace zkpush::store::sql {

// The size and digest are computed here, once, so that listing the files
// never reads their bytes.
Status apply(Connection& db, PutTerminalFile& op) {
  Result<Statement> st = db.prepare(
      "INSERT INTO terminal_files (path, size, sha256, created_at, bytes) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (path) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, "
      "created_at = excluded.created_at, bytes = excluded.bytes");
  if (!st) return st.error();
  op.sha256 = sha256_hex(op.bytes);
  st->bind_text(1, op.path);
  st->bind_int(2, static_cast<int64_t>(op.bytes.size()));
  st->bind_text(3, op.sha256);
  st->bind_int(4, op.now);
  st->bind_blob(5, op.bytes);
  return st->run();
}

Status apply(Connection& db, DeleteTerminalFile& op) {
  Result<Statement> st = db.prepare("DELETE FROM terminal_files WHERE path = ?1");
  if (!st) return st.error();
  st->bind_text(1, op.path);
  if (Status s = st->run(); !s) return s;
  op.deleted = db.changes() > 0;
  return Status::success();
}

}  // namespace zkpush::store::sql
