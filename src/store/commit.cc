#include "store/commit.h"

#include <future>

namespace zkpush::store {

Status commit_and_wait(Store& store, WriteBatch& batch) {
  std::promise<Status> done;
  auto result = done.get_future();
  store.submit(std::move(batch), [&done, &batch](Status status, WriteBatch& committed) {
    batch = std::move(committed);
    done.set_value(std::move(status));
  });
  return result.get();
}

}  // namespace zkpush::store
