#include "store/sqlite/read_pool.h"

#include <utility>

#include "store/sqlite/pragmas.h"
#include "store/sqlite/sql_functions.h"

namespace zkpush::store::sqlite {

ReadPool::ReadPool(std::string path, std::size_t max_idle)
    : path_(std::move(path)), max_idle_(max_idle) {}

ReadPool::Lease::Lease(ReadPool* pool, std::unique_ptr<Connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

ReadPool::Lease::~Lease() {
  if (conn_) pool_->give_back(std::move(conn_));
}

Result<ReadPool::Lease> ReadPool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  // Read-write plus query_only rather than SQLITE_OPEN_READONLY: a read-only
  // connection cannot recover a WAL index left by a crash.
  Result<std::unique_ptr<Connection>> conn = Connection::open(path_, SQLITE_OPEN_READWRITE);
  if (!conn) return conn.error();
  if (Status s = configure_reader(**conn); !s) return s.error();
  if (Status s = register_sql_functions(**conn); !s) return s.error();
  return Lease(this, std::move(*conn));
}

void ReadPool::give_back(std::unique_ptr<Connection> conn) {
  // A read that failed half-way may have left its snapshot open.
  if (!conn->autocommit()) (void)conn->exec("ROLLBACK");
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
  // Otherwise the surplus connection closes here.
}

}  // namespace zkpush::store::sqlite
