#include "service/event_hub.h"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace zkpush::service {

namespace asio = boost::asio;

EventHub::EventHub() : keep_running_(asio::make_work_guard(loop_)) {}

EventHub::~EventHub() { stop(); }

void EventHub::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { loop_.run(); });
}

void EventHub::stop() {
  loop_.stop();
  if (thread_.joinable()) thread_.join();
}

void EventHub::notify() {
  if (wake_pending_.exchange(true)) return;
  asio::post(loop_, [this] {
    wake_pending_ = false;
    wake_all();
  });
}

void EventHub::wait(std::chrono::milliseconds timeout, std::function<void()> ready) {
  auto timer = std::make_shared<asio::steady_timer>(loop_, timeout);
  auto it = waiters_.insert(waiters_.end(), timer);
  timer->async_wait([this, it, ready = std::move(ready)](const boost::system::error_code&) {
    waiters_.erase(it);
    ready();
  });
}

asio::awaitable<void> EventHub::wait_for_news(std::chrono::milliseconds timeout) {
  auto timer = std::make_shared<asio::steady_timer>(loop_, timeout);
  auto it = waiters_.insert(waiters_.end(), timer);
  boost::system::error_code ignored;
  co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  waiters_.erase(it);
}

void EventHub::wake_all() {
  for (auto& timer : waiters_) timer->cancel();
}

}  // namespace zkpush::service
