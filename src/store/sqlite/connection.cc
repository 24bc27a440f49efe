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

// ---- Statement ----------------------------------------------------------------

Statement::Statement(Connection* conn, sqlite3_stmt* stmt, bool* in_use)
    : conn_(conn), stmt_(stmt), in_use_(in_use) {}

Statement::Statement(Statement&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_rc_(other.bind_rc_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    conn_ = std::exchange(other.conn_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    in_use_ = std::exchange(other.in_use_, nullptr);
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() {
  if (stmt_ == nullptr) return;
  if (in_use_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

void Statement::note_bind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::bind_int(int index, int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_, index, value));
}

void Statement::bind_int(int index, const std::optional<int64_t>& value) {
  if (value) {
    bind_int(index, *value);
  } else {
    bind_null(index);
  }
}

void Statement::bind_text(int index, std::string_view value) {
  // A non-null pointer even for "", so an empty string stays '' and not NULL.
  note_bind(sqlite3_bind_text64(stmt_, index, value.empty() ? "" : value.data(), value.size(),
                                SQLITE_STATIC, SQLITE_UTF8));
}

void Statement::bind_opt_text(int index, const std::optional<std::string>& value) {
  if (value) {
    bind_text(index, *value);
  } else {
    bind_null(index);
  }
}

void Statement::bind_blob(int index, std::string_view value) {
  note_bind(sqlite3_bind_blob64(stmt_, index, value.empty() ? "" : value.data(), value.size(),
                                SQLITE_STATIC));
}

void Statement::bind_opt_blob(int index, const std::optional<std::string>& value) {
  if (value) {
    bind_blob(index, *value);
  } else {
    bind_null(index);
  }
}

void Statement::bind_null(int index) { note_bind(sqlite3_bind_null(stmt_, index)); }

Result<bool> Statement::step() {
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

Status Statement::run() {
  for (;;) {
    Result<bool> r = step();
    if (!r) return r.error();
    if (!*r) return Status::success();
  }
}

void Statement::reset() { sqlite3_reset(stmt_); }

int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

int Statement::integer(int column) const { return sqlite3_column_int(stmt_, column); }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string_view Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Statement::blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::optional<std::string> Statement::opt_string(int column) const {
  if (is_null(column)) return std::nullopt;
  return std::string(text(column));
}

std::optional<int64_t> Statement::opt_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

// ---- Connection ---------------------------------------------------------------

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

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
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

Status Connection::run(std::string_view sql) {
  Result<Statement> st = prepare(sql);
  if (!st) return st.error();
  return st->run();
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(this, it->second.stmt, &it->second.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  const unsigned flags = it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (rc != SQLITE_OK) return error(rc, sql);
  if (it != cache_.end()) return Statement(this, stmt, nullptr);  // nested use: private copy
  auto [pos, inserted] = cache_.emplace(std::string(sql), Cached{stmt, true});
  return Statement(this, stmt, &pos->second.in_use);
}

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

bool Connection::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

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
  return Error::storage(std::move(message));
}

}  // namespace zkpush::store::sqlite
