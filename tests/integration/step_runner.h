// Runs an emulated device's steps (its coroutines) to their end on the
// test's thread, one at a time: the canteen and access fixtures drive their
// terminals with it.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>

namespace zkpush::test {

class StepRunner {
 public:
  boost::asio::any_io_executor executor() { return io_.get_executor(); }

  template <typename T>
  T run(boost::asio::awaitable<T> step) {
    std::optional<T> result;
    boost::asio::co_spawn(io_, std::move(step), [&result](std::exception_ptr, T value) { result = std::move(value); });
    io_.restart();
    io_.run();
    EXPECT_TRUE(result.has_value());
    return result.value_or(T{});
  }

 private:
  boost::asio::io_context io_;
};

}  // namespace zkpush::test
