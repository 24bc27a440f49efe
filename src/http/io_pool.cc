#include "http/io_pool.h"

#include <boost/asio/post.hpp>
#include <thread>

namespace zkpush::http {

namespace asio = boost::asio;

IoPool::IoPool(int threads) {
  for (int i = 0; i < (threads < 1 ? 1 : threads); ++i) {
    // Concurrency hint 1: one thread runs each loop, so Asio may skip some
    // locking inside it (handlers from other threads are still posted safely).
    loops_.push_back(std::make_unique<asio::io_context>(1));
    keep_running_.push_back(asio::make_work_guard(*loops_.back()));
  }
}

asio::io_context& IoPool::next() {
  return *loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()];
}

void IoPool::run() {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < loops_.size(); ++i) threads.emplace_back([loop = loops_[i].get()] { loop->run(); });
  loops_.front()->run();
  for (auto& t : threads) t.join();
}

void IoPool::finish() {
  // The guards are released on their own loops (a work guard is not
  // thread-safe to reset from outside while the loop runs handlers).
  for (std::size_t i = 0; i < loops_.size(); ++i)
    asio::post(*loops_[i], [this, i] { keep_running_[i].reset(); });
}

void IoPool::stop() {
  for (auto& loop : loops_) loop->stop();
}

}  // namespace zkpush::http
