#include "store/sql/read_pool.h"

#include <utility>

namespace zkpush::store::sql {

ReadPool::ReadPool(Opener open, std::size_t max_idle) : open_(std::move(open)), max_idle_(max_idle) {}

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
    if (last_failure_ && std::chrono::steady_clock::now() - failed_at_ < kRetryAfter) return *last_failure_;
  }
  Result<std::unique_ptr<Connection>> conn = open_();
  std::lock_guard<std::mutex> lock(mu_);
  if (!conn) {
    last_failure_ = conn.error();
    failed_at_ = std::chrono::steady_clock::now();
    return conn.error();
  }
  last_failure_.reset();
  return Lease(this, std::move(*conn));
}

void ReadPool::give_back(std::unique_ptr<Connection> conn) {
  if (conn->broken()) return;  // lost: the next read opens a new one
  // A read that failed half-way may have left its snapshot open.
  if (conn->in_transaction()) (void)conn->exec("ROLLBACK");
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
  // Otherwise the surplus connection closes here.
}

}  // namespace zkpush::store::sql
