// An emulated canteen terminal the tests drive step by step, and a card
// created through the API: shared by the canteen tests and the migration
// test, which needs a ledger to copy.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "harness.h"
#include "step_runner.h"
#include "sim/canteen_terminal.h"
#include "sim/fleet.h"
#include "support/eventually.h"

namespace zkpush::test {

// One emulated canteen terminal whose steps run on the test's thread.
class Canteen {
 public:
  Canteen(int port, const std::string& sn, std::shared_ptr<sim::CardPurses> purses, int fun_type = 3) {
    sim::CanteenTerminalConfig config;
    config.sn = sn;
    config.fun_type = fun_type;
    config.max_error_delay = std::chrono::milliseconds(100);
    const boost::asio::ip::tcp::endpoint server(boost::asio::ip::make_address("127.0.0.1"),
                                                static_cast<unsigned short>(port));
    terminal_ = std::make_unique<sim::CanteenTerminal>(steps_.executor(), server, sim::HttpOptions{}, config, stats_,
                                                       std::move(purses));
  }
  bool boot() { return steps_.run(terminal_->boot(deadline())); }
  bool upload() { return steps_.run(terminal_->upload(deadline())); }
  int poll() { return steps_.run(terminal_->poll(deadline())); }
  // Polls until the server sent something (what it queues after a
  // handshake is queued just after the reply).
  int poll_until_commands() {
    int commands = 0;
    eventually([&] { return (commands = poll()) > 0; });
    return commands;
  }
  std::string card_request(int type, const std::string& card, const std::string& pwd, const std::string& new_pwd = "") {
    return steps_.run(terminal_->card_request(type, card, pwd, new_pwd));
  }
  sim::CanteenTerminal* operator->() { return terminal_.get(); }
  sim::CanteenTerminal& operator*() { return *terminal_; }

 private:
  static sim::CanteenTerminal::Clock::time_point deadline() {
    return sim::CanteenTerminal::Clock::now() + std::chrono::seconds(10);
  }

  StepRunner steps_;
  sim::Stats stats_;
  std::unique_ptr<sim::CanteenTerminal> terminal_;
};

inline void add_card(const Server& server, const std::string& no, const std::string& password = "1234") {
  server.api_send("POST", "/api/v1/canteen/cards",
                  {{"card_no", no}, {"holder", "Holder " + no}, {"password", password}}, 201);
}

}  // namespace zkpush::test
