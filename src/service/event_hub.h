// The events side of the server: one thread with its own event loop, where
// event streams (SSE) wait for news and webhooks are delivered, so neither
// ever holds up a terminal's request or the store's writer.
//
// notify() is called when a commit of any node appended events (the change
// feed's kEvents, Store::watch_changes);
// waiters re-read the event sources then. Notifications are coalesced: at
// most one wake-up is pending at a time.
#pragma once

#include <atomic>
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <thread>

namespace zkpush::service {

class EventHub {
 public:
  EventHub();
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  void start();
  // Stops the loop and joins the thread; pending waits end unfired.
  void stop();
  boost::asio::io_context& loop() { return loop_; }

  // New rows may be there. Any thread.
  void notify();
  // Calls `ready` on the hub's loop after the next notify() or after
  // `timeout`, whichever comes first. Call on the hub's loop.
  void wait(std::chrono::milliseconds timeout, std::function<void()> ready);
  // The same for a coroutine on the hub's loop.
  boost::asio::awaitable<void> wait_for_news(std::chrono::milliseconds timeout);

 private:
  void wake_all();

  boost::asio::io_context loop_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> keep_running_;
  std::list<std::shared_ptr<boost::asio::steady_timer>> waiters_;  // on the loop
  std::atomic<bool> wake_pending_{false};
  std::thread thread_;
};

}  // namespace zkpush::service
