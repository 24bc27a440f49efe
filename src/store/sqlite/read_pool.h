// Read connections for the synchronous, thread-safe read API. WAL lets any
// number of readers run beside the writer, each on its own snapshot; a
// connection must not be shared by two threads at once, so each read leases
// one from this pool and gives it back. Connections are opened on demand and
// at most `max_idle` are kept between reads.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "util/error.h"

namespace zkpush::store::sqlite {

class ReadPool {
 public:
  explicit ReadPool(std::string path, std::size_t max_idle = 4);

  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Connection> conn);
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Result<Lease> acquire();

 private:
  void give_back(std::unique_ptr<Connection> conn);

  std::string path_;
  std::size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace zkpush::store::sqlite
