#include "store/sqlite/connection.h"

#include <utility>

namespace zkpush::store::sqlite {

namespace {

// Enough of a statement's text to recognise it in an error message.
std::string_view sql_excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 72;
  return sql.size() <= kMax ? sql : sql.substr(0, kMax);
}

}  // namespace

// A prepared sqlite3_stmt. A cached one lives as long as its connection and
// is lent to one handle at a time (in_use_); a private one (a nested use of
// the same SQL) is deleted when its handle releases it.
class Connection::SqliteStatement final : public sql::StatementImpl {
 public:
  SqliteStatement(const Connection* conn, sqlite3_stmt* stmt, bool cached)
      : conn_(conn), stmt_(stmt), cached_(cached) {}
  ~SqliteStatement() { sqlite3_finalize(stmt_); }

  bool in_use() const { return in_use_; }
  SqliteStatement* lend() {
    in_use_ = true;
    bind_rc_ = SQLITE_OK;
    return this;
  }

  void bind_int(int index, int64_t value) override { note_bind(sqlite3_bind_int64(stmt_, index, value)); }
  void bind_text(int index, std::string_view value) override {
    // A non-null pointer even for "", so an empty string stays '' and not NULL.
    note_bind(sqlite3_bind_text64(stmt_, index, value.empty() ? "" : value.data(), value.size(), SQLITE_STATIC,
                                  SQLITE_UTF8));
  }
  void bind_blob(int index, std::string_view value) override {
    note_bind(sqlite3_bind_blob64(stmt_, index, value.empty() ? "" : value.data(), value.size(), SQLITE_STATIC));
  }
  void bind_null(int index) override { note_bind(sqlite3_bind_null(stmt_, index)); }

  Result<bool> step() override {
    if (bind_rc_ != SQLITE_OK) {
      return Error::storage(std::string("cannot bind a parameter: ") + sqlite3_errstr(bind_rc_) +
                            " while running: " + std::string(sql_excerpt(sqlite3_sql(stmt_))));
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = conn_->error(rc, sqlite3_sql(stmt_));
    sqlite3_reset(stmt_);
    return e;
  }
  void reset() override { sqlite3_reset(stmt_); }

  int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string_view text(int column) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (p == nullptr) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  std::string_view blob(int column) const override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (p == nullptr) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
  }

  void release() override {
    if (!cached_) {
      delete this;
      return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    in_use_ = false;
  }

 private:
  void note_bind(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  const Connection* conn_;
  sqlite3_stmt* stmt_;
  bool cached_;
  bool in_use_ = false;
  int bind_rc_ = SQLITE_OK;
};

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + path + ": " +
                          (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return Error::storage(std::move(message));
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::Connection(sqlite3* db) : db_(db) {}

Connection::~Connection() {
  cache_.clear();  // finalizes every cached statement before the close
  sqlite3_close_v2(db_);
}

Status Connection::exec(const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::success();
  std::string text = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return Error::storage(text + " (sqlite error " + std::to_string(rc) +
                        ") while running: " + std::string(sql_excerpt(sql)));
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second->in_use()) return Statement(it->second->lend());
  sqlite3_stmt* stmt = nullptr;
  const unsigned flags = it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (rc != SQLITE_OK) return error(rc, sql);
  if (it != cache_.end()) return Statement(new SqliteStatement(this, stmt, false));  // nested use: private copy
  auto [pos, inserted] = cache_.emplace(std::string(sql), std::make_unique<SqliteStatement>(this, stmt, true));
  return Statement(pos->second->lend());
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Error Connection::error(int rc, std::string_view context) const {
  std::string message = sqlite3_errmsg(db_);
  message += " (sqlite error " + std::to_string(rc) + ")";
  if (!context.empty()) {
    message += " while running: ";
    message += sql_excerpt(context);
  }
  // Out of space, or the disk refused a write (a full file system, a file-size
  // limit: EFBIG is SQLITE_IOERR_WRITE): the same write can succeed later.
  const int primary = rc & 0xff;
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR) return Error::unavailable(std::move(message));
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error::conflict(std::move(message));
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::missing_reference(std::move(message));
  return Error::storage(std::move(message));
}

}  // namespace zkpush::store::sqlite
