// Reads of the files terminals download (store/file_records.h).

#include "store/sql/read_rows.h"
#include "store/sql/reads.h"

namespace zkpush::store::sql {

namespace {

Status decode_terminal_file(const Statement& st, TerminalFileRow& f) {
  f.path = st.string(0);
  f.size = st.int64(1);
  f.sha256 = st.string(2);
  f.created_at = st.int64(3);
  return Status::success();
}

}  // namespace

Result<std::vector<TerminalFileRow>> read_terminal_files(Connection& db) {
  Result<Statement> st = db.prepare("SELECT path, size, sha256, created_at FROM terminal_files ORDER BY path");
  if (!st) return st.error();
  return collect_rows<TerminalFileRow>(*st, decode_terminal_file);
}

Result<std::optional<TerminalFileRow>> read_terminal_file(Connection& db, const std::string& path) {
  Result<Statement> st =
      db.prepare("SELECT path, size, sha256, created_at, bytes FROM terminal_files WHERE path = ?1");
  if (!st) return st.error();
  st->bind_text(1, path);
  return first_row<TerminalFileRow>(*st, [](const Statement& s, TerminalFileRow& f) {
    f.bytes = std::string(s.blob(4));
    return decode_terminal_file(s, f);
  });
}

}  // namespace zkpush::store::sql
