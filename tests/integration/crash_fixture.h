// What the crash tests share (crash_test.cc: one node killed at random
// moments; cluster_crash_test.cc: a node of a PostgreSQL cluster killed):
// the natural key of a punch, the seed of the kill moments, a thread queueing
// commands through the API meanwhile, the terminals' convergence after the
// kills, and the punches stored per device.
#pragma once

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "harness.h"
#include "sim_fixture.h"

namespace zkpush::test::crash {

using Key = std::tuple<std::string, std::string, int, int>;  // the store's natural key: time, pin, status, verify

inline Key key_of(const protocol::AttlogRecord& r) { return {r.time, r.pin, r.status, r.verify}; }

// The kill moments come from this seed; ZKPUSH_CRASH_SEED=N repeats a run.
inline uint64_t crash_seed() {
  if (const char* fixed = std::getenv("ZKPUSH_CRASH_SEED")) return std::strtoull(fixed, nullptr, 10);
  return std::random_device{}();
}

// The commands a test thread queues through an API while a server dies and
// restarts: (ID -> text) for the ones whose 201 it saw.
class CommandFeeder {
 public:
  CommandFeeder(int api_port, std::string token, std::vector<std::string> sns, uint64_t seed)
      : api_port_(api_port), token_(std::move(token)), sns_(std::move(sns)), random_(seed) {}

  void run_while(const std::atomic<bool>& killing) {
    for (int n = 1; killing.load(); ++n) {
      const std::string& sn = sns_[random_() % sns_.size()];
      const std::string text =
          n % 2 ? "INFO" : "DATA UPDATE USERINFO PIN=" + std::to_string(9000 + n) + "\tName=Crash " + std::to_string(n);
      try {
        auto reply = api_request(api_port_, token_, "POST", "/api/v1/devices/" + sn + "/commands",
                                 nlohmann::json{{"command", text}}.dump());
        if (reply.status == 201) {
          std::lock_guard lock(mutex_);
          queued_[nlohmann::json::parse(reply.body)["id"].get<std::string>()] = text;
        }
      } catch (const std::exception&) {
        // The server is down: a terminal operator would try again.
      }
      // An operator's pace, not a flood of the API (nothing is judged by how many fit).
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
  }
  std::map<std::string, std::string> queued() const {
    std::lock_guard lock(mutex_);
    return queued_;
  }

 private:
  mutable std::mutex mutex_;
  int api_port_;
  std::string token_;
  std::vector<std::string> sns_;
  std::mt19937_64 random_;
  std::map<std::string, std::string> queued_;  // guarded by mutex_
};

// After the run: upload what is left, then poll until the command queue has
// been quiet for a while (a command whose delivery or reply died with the
// server goes out again after --command-timeout).
inline boost::asio::awaitable<void> converge(sim::Terminal& terminal, sim::Terminal::Clock::time_point until) {
  co_await terminal.upload(until);
  boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor);
  for (int quiet = 0; quiet < 5 && sim::Terminal::Clock::now() < until;) {
    const int commands = co_await terminal.poll(until);
    quiet = commands == 0 ? quiet + 1 : 0;
    pause.expires_after(std::chrono::milliseconds(400));
    co_await pause.async_wait(boost::asio::use_awaitable);
  }
}

// Stored punches of a device by natural key, with how often each is stored;
// `ids`, if given, gets their row IDs.
inline std::map<Key, int> stored_punches(const Server& server, const std::string& sn,
                                         std::vector<int64_t>* ids = nullptr) {
  std::map<Key, int> stored;
  for (const auto& row : server.api_get_all("/api/v1/devices/" + sn + "/attendance")) {
    ++stored[Key{row["time"].get<std::string>(), row["pin"].get<std::string>(), row["status"].get<int>(),
                 row["verify"].get<int>()}];
    if (ids) ids->push_back(row["id"].get<int64_t>());
  }
  return stored;
}

}  // namespace zkpush::test::crash
