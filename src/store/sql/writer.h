// The group-commit writer: the only thread that writes to the database.
//
// submit() queues a batch and returns. The writer thread takes every batch
// queued so far as one group and commits the group in one transaction:
//
//   begin_write()     (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN and the
//                      cluster's writer lock)
//     for each batch:  apply its ops
//     announce the committed batches' changes (change_feed.h)
//   COMMIT            (a failure here fails every batch of the group)
//   then each batch's callback, in submission order, on the callback thread,
//   while the writer thread goes on with the next group.
//
// So N concurrent requests cost one fsync (with synchronous=FULL) instead of
// N. A batch that fails rolls the transaction back and the group is applied
// again with each batch in a savepoint (SAVEPOINT batch; apply; RELEASE, or
// ROLLBACK TO batch on error), so a bad batch never takes its neighbours
// down. Savepoints are not the rule because on PostgreSQL each is two round
// trips and a subtransaction. Writes sent without waiting
// (Statement::run_deferred) are settled before the changes are announced; one
// that failed sends the group to the savepoint pass too, where each batch's
// RELEASE settles its own. If the database rolls the
// whole transaction back by itself (SQLite after SQLITE_FULL or SQLITE_IOERR,
// PostgreSQL when the connection drops), the
// batches already applied in it are reported failed too and the rest of the
// group continues in a new transaction: a callback's status is always the
// truth about its batch. Out fields of a batch are meaningful only when its
// status is ok.
//
// A full or failing disk fails batches with kUnavailable (Connection::error);
// the writer keeps trying every new group, so it recovers by itself once
// writes succeed, and reports the outage's start and end to the health
// observer (Store::watch_write_health) rather than once per batch.
//
// A lost connection (PostgreSQL restarted or failing over) fails its group
// with kUnavailable; before each later group the writer opens a new one with
// `reopen`, so it recovers by itself once the database is back.
//
// stop() (and the destructor) commits everything still queued, runs its
// callbacks, then joins the threads; the connection closes with the Writer.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sql/change_feed.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace zkpush::store::sql {

class Writer {
 public:
  using Reopener = std::function<Result<std::unique_ptr<Connection>>()>;
  // Takes a configured, migrated connection and starts the thread. Without
  // `reopen`, a lost connection stays lost (SQLite never loses one).
  explicit Writer(std::unique_ptr<Connection> db, Reopener reopen = {});
  // Where the changes of committed batches go; set once, before the first
  // submit (without one, changes are not announced).
  void set_change_feed(ChangeFeed* feed);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // After stop(), the callback runs at once, on the caller's thread, with an
  // kUnavailable error.
  void submit(WriteBatch batch, WriteCallback done);
  // Returns once every batch submitted before the call has been committed (or
  // failed) and its callback has returned. Called from a callback (or the
  // writer thread) it returns at once rather than deadlock.
  void flush();
  // Drains the queue and joins the thread. Idempotent.
  void stop();
  // See Store::watch_write_health: set once, before the first submit.
  void watch_health(Store::WriteHealthObserver observer);

 private:
  struct Pending {
    WriteBatch batch;
    WriteCallback done;
    Status status;
  };

  void run();
  // The callback thread: runs the callbacks of each committed group in turn.
  void run_callbacks();
  void commit_group(std::vector<Pending>& group);
  Status apply_in_savepoint(WriteBatch& batch);
  // Tells the observer when an outage starts or ends with this group.
  void note_health(const std::vector<Pending>& group);

  // A connection that can take a transaction: the current one, or a new one
  // when it was lost.
  Status connected();

  std::unique_ptr<Connection> db_;
  Reopener reopen_;
  ChangeFeed* feed_ = nullptr;   // set under mu_ before serving
  std::vector<Change> changes_;  // writer thread only: the current transaction's
  std::mutex mu_;
  std::condition_variable work_cv_;       // the writer waits for batches
  std::condition_variable callbacks_cv_;  // the callback thread waits for committed groups
  std::condition_variable flushed_cv_;    // flush() waits for completions
  std::deque<Pending> queue_;
  std::deque<std::vector<Pending>> committed_;  // groups whose callbacks have not run yet
  bool writer_done_ = false;                     // the writer thread has returned
  uint64_t submitted_ = 0;  // batches ever queued
  uint64_t completed_ = 0;  // batches whose callback has returned
  bool stopping_ = false;
  Store::WriteHealthObserver health_observer_;  // set under mu_ before serving
  bool outage_ = false;         // writer thread only: the last batch was refused for want of disk
  uint64_t refused_ = 0;        // writer thread only: batches refused in this outage
  // Last: they start after every other member exists. Callbacks run on their
  // own thread so the writer starts the next group meanwhile.
  std::thread thread_;
  std::thread callback_thread_;
};

}  // namespace zkpush::store::sql
