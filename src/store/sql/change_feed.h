// How the writer's committed changes (store/changes.h) reach the listener:
// on SQLite, straight after the commit, in this process (the only one); on
// PostgreSQL, as a notification sent in the writer's transaction, which the
// database delivers to every node on commit (store/postgres/pg_change_feed.h).
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "store/changes.h"
#include "store/sql/connection.h"
#include "util/error.h"

namespace zkpush::store::sql {

class ChangeFeed {
 public:
  using Listener = std::function<void(const std::vector<Change>&)>;
  virtual ~ChangeFeed() = default;

  void watch(Listener listener);
  // See Store::changes_complete.
  virtual bool complete() const = 0;
  // Called by the writer in its transaction, before COMMIT; an error fails
  // the group's commit.
  virtual Status announce(Connection& writer, const std::vector<Change>& changes) = 0;
  // Called by the writer once the changes are committed.
  virtual void committed(const std::vector<Change>& changes) = 0;

 protected:
  void deliver(const std::vector<Change>& changes);

 private:
  std::mutex mu_;
  Listener listener_;  // guarded by mu_
};

// SQLite: no other process shares the database, so the feed is always
// complete and a commit's changes are delivered as soon as it is done.
class LocalChangeFeed final : public ChangeFeed {
 public:
  bool complete() const override { return true; }
  Status announce(Connection&, const std::vector<Change>&) override { return Status::success(); }
  void committed(const std::vector<Change>& changes) override {
    std::vector<Change> here = changes;
    for (Change& c : here) c.here = true;
    deliver(here);
  }
};

}  // namespace zkpush::store::sql
