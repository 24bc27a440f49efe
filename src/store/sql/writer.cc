#include "store/sql/writer.h"

#include <chrono>
#include <exception>
#include <iterator>
#include <string>

#include "store/sql/apply_ops.h"
#include "util/metrics.h"

namespace zkpush::store::sql {

Writer::Writer(std::unique_ptr<Connection> db, Reopener reopen)
    : db_(std::move(db)),
      reopen_(std::move(reopen)),
      thread_([this] { run(); }),
      callback_thread_([this] { run_callbacks(); }) {}

Writer::~Writer() { stop(); }

void Writer::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_one();
  const auto self = std::this_thread::get_id();
  if (thread_.joinable() && self != thread_.get_id() && self != callback_thread_.get_id()) {
    thread_.join();  // it hands its last group over, then says it is done
    callback_thread_.join();
  }
}

void Writer::submit(WriteBatch batch, WriteCallback done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      queue_.push_back(Pending{std::move(batch), std::move(done), Status::success()});
      ++submitted_;
      work_cv_.notify_one();
      return;
    }
  }
  // Only after stop(): while the store is being destroyed.
  if (done) done(Error::unavailable("the store is shutting down"), batch);
}

void Writer::set_change_feed(ChangeFeed* feed) {
  std::lock_guard<std::mutex> lock(mu_);
  feed_ = feed;
}

void Writer::watch_health(Store::WriteHealthObserver observer) {
  std::lock_guard<std::mutex> lock(mu_);
  health_observer_ = std::move(observer);
}

void Writer::flush() {
  const auto self = std::this_thread::get_id();
  if (self == thread_.get_id() || self == callback_thread_.get_id()) return;
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t target = submitted_;
  flushed_cv_.wait(lock, [&] { return completed_ >= target; });
}

void Writer::run() {
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) {  // stopping, and everything is committed
        writer_done_ = true;
        callbacks_cv_.notify_one();
        return;
      }
      group.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
      queue_.clear();
    }
    const auto started = std::chrono::steady_clock::now();
    commit_group(group);
    metrics().store_commit(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    note_health(group);
    {
      std::lock_guard<std::mutex> lock(mu_);
      committed_.push_back(std::move(group));
    }
    callbacks_cv_.notify_one();
    group = {};
  }
}

void Writer::run_callbacks() {
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      callbacks_cv_.wait(lock, [&] { return !committed_.empty() || writer_done_; });
      if (committed_.empty()) return;  // the writer has stopped and every callback has run
      group = std::move(committed_.front());
      committed_.pop_front();
    }
    for (Pending& p : group) {
      if (!p.done) continue;
      try {
        p.done(p.status, p.batch);
      } catch (...) {
        // A callback must not throw; the store has no one to tell.
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      completed_ += group.size();
    }
    flushed_cv_.notify_all();
    group.clear();
  }
}

void Writer::note_health(const std::vector<Pending>& group) {
  // health_observer_ is read without the lock: it was set under mu_ before the
  // first submit, and this thread has taken mu_ since (to take the group).
  for (const Pending& p : group) {
    if (p.status) {
      if (outage_ && health_observer_) health_observer_(Status::success(), refused_);
      outage_ = false;
      refused_ = 0;
    } else if (p.status.error().kind == Error::Kind::kUnavailable) {
      if (!outage_ && health_observer_) health_observer_(p.status, 0);
      outage_ = true;
      ++refused_;
    }
  }
}

namespace {

// apply_batch, with an exception turned into an error.
Status apply_guarded(Connection& db, WriteBatch& batch) {
  try {
    return apply_batch(db, batch);
  } catch (const std::exception& e) {
    return Error::storage(std::string("exception while applying a batch: ") + e.what());
  }
}

}  // namespace

Status Writer::apply_in_savepoint(WriteBatch& batch) {
  if (Status s = db_->run("SAVEPOINT batch"); !s) return s;
  Status applied = apply_guarded(*db_, batch);
  if (applied) {
    Status released = db_->run("RELEASE batch");
    if (released) return released;
    applied = released;
  }
  (void)db_->run("ROLLBACK TO batch");
  (void)db_->run("RELEASE batch");
  return applied;
}

Status Writer::connected() {
  if (!db_->broken()) return Status::success();
  if (!reopen_) return Error::unavailable("the database connection is lost");
  Result<std::unique_ptr<Connection>> fresh = reopen_();
  if (!fresh) return Error::unavailable("cannot reconnect to the database: " + fresh.error().message);
  db_ = std::move(*fresh);
  return Status::success();
}

void Writer::commit_group(std::vector<Pending>& group) {
  // feed_ is read without the lock, like health_observer_ (note_health).
  std::size_t next = 0;
  bool savepoints = false;  // the optimistic pass failed: one savepoint a batch
  while (next < group.size()) {
    const std::size_t first = next;
    Status begun = connected();
    if (begun) begun = db_->begin_write();
    if (!begun) {
      for (; next < group.size(); ++next) group[next].status = begun;
      return;
    }
    changes_.clear();
    bool lost = false;     // the database rolled the whole transaction back by itself
    bool spoiled = false;  // a batch failed without a savepoint: group[next]
    for (; next < group.size(); ++next) {
      Pending& p = group[next];
      p.status = savepoints ? apply_in_savepoint(p.batch) : apply_guarded(*db_, p.batch);
      if (!db_->in_transaction()) {
        lost = true;
        ++next;
        break;
      }
      if (!p.status) {
        if (savepoints) continue;
        spoiled = true;
        break;
      }
      for (const WriteOp& op : p.batch.ops) add_changes(op, changes_);
    }
    if (!spoiled && !lost && !savepoints) {
      // Deferred statements (Statement::run_deferred) report here at the
      // latest, before the changes are announced. Whose error it is is not
      // known: treated as the last batch's, which is right when it was the
      // only one; otherwise the savepoint pass below finds the culprit.
      if (Status settled = db_->settle(); !settled) {
        Pending& last = group[next - 1];
        if (!db_->in_transaction()) {
          lost = true;
          last.status = settled;
        } else {
          spoiled = true;  // as if `last` had failed (spoiled points at the failed batch)
          --next;
          if (next == first) last.status = settled;
        }
      }
    }
    if (spoiled) {
      (void)db_->run("ROLLBACK");
      if (next == first) {
        ++next;  // the transaction's first batch: nothing else was applied with it
      } else {
        // Apply the same batches again, each in a savepoint, so only the
        // failing one fails. (Every apply() sets its op's out fields afresh,
        // so the first pass leaves no trace.)
        savepoints = true;
        next = first;
      }
      continue;
    }
    if (lost) {
      Pending& culprit = group[next - 1];
      if (culprit.status) culprit.status = Error::storage("the transaction ended unexpectedly");
      const Error cause = culprit.status.error();
      for (std::size_t i = first; i + 1 < next; ++i) {
        if (group[i].status) {
          group[i].status = Error{cause.kind, "rolled back with its group after: " + cause.message};
        }
      }
      continue;  // the rest of the group gets a new transaction
    }
    Status committed = Status::success();
    if (feed_ != nullptr && !changes_.empty()) committed = feed_->announce(*db_, changes_);
    if (committed) committed = db_->run("COMMIT");
    if (!committed) {
      if (db_->in_transaction()) (void)db_->run("ROLLBACK");
      for (std::size_t i = first; i < next; ++i) {
        if (group[i].status) group[i].status = committed;
      }
      continue;
    }
    if (feed_ != nullptr && !changes_.empty()) feed_->committed(changes_);
  }
}

}  // namespace zkpush::store::sql
