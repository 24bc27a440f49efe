// How tests wait: for a condition, never for a time. `eventually` polls a
// predicate until it holds; the deadline is only the bound after which the
// test fails, so a slow machine makes a test slower, never wrong.
#pragma once

#include <chrono>
#include <thread>

namespace zkpush::test {

// Generous: it only bounds a failing test (every passing test returns as soon
// as its condition holds).
inline constexpr std::chrono::milliseconds kEventuallyDeadline = std::chrono::seconds(20);

// True as soon as `condition()` holds; false if it still does not after
// `deadline`. Polls every few milliseconds on the calling thread.
template <typename Condition>
bool eventually(Condition&& condition, std::chrono::milliseconds deadline = kEventuallyDeadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace zkpush::test
