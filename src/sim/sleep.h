// A timer wait for the emulated terminals' coroutines.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

namespace zkpush::sim {

// Returns at `when` (at once when it has passed); never throws.
inline boost::asio::awaitable<void> sleep_until(boost::asio::any_io_executor executor,
                                                std::chrono::steady_clock::time_point when) {
  boost::asio::steady_timer timer(executor, when);
  boost::system::error_code ec;
  co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
}

// The same on a timer the caller keeps, so that another coroutine can end
// the wait early (timer.cancel()).
inline boost::asio::awaitable<void> sleep_until(boost::asio::steady_timer& timer,
                                                std::chrono::steady_clock::time_point when) {
  timer.expires_at(when);
  boost::system::error_code ec;
  co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
}

}  // namespace zkpush::sim
