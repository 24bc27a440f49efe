// --verify: after a run, asks the server's JSON API whether every punch a
// terminal saw acknowledged is stored exactly once, that nothing is stored
// twice, and that every command of those terminals reached a final state.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>
#include <vector>

#include "sim/terminal.h"

namespace zkpush::sim {

struct VerifyReport {
  bool ok = true;
  std::vector<std::string> problems;  // one line each, naming the terminal
  uint64_t checked_records = 0;
  uint64_t checked_commands = 0;
};

boost::asio::awaitable<VerifyReport> verify_terminals(boost::asio::any_io_executor executor,
                                                      boost::asio::ip::tcp::endpoint api,
                                                      const std::vector<std::unique_ptr<Terminal>>& terminals,
                                                    const std::string& api_token);

}  // namespace zkpush::sim
