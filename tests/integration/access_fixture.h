// An emulated access panel the tests drive step by step (sim/access_panel.h),
// shared by the access tests.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "harness.h"
#include "step_runner.h"
#include "sim/access_panel.h"
#include "support/eventually.h"

namespace zkpush::test {

// One emulated panel whose steps run on the test's thread.
class Panel {
 public:
  Panel(int port, const std::string& sn, int doors) {
    sim::AccessPanelConfig config;
    config.sn = sn;
    config.doors = doors;
    config.max_error_delay = std::chrono::milliseconds(100);
    const boost::asio::ip::tcp::endpoint server(boost::asio::ip::make_address("127.0.0.1"),
                                                static_cast<unsigned short>(port));
    panel_ = std::make_unique<sim::AccessPanel>(steps_.executor(), server, sim::HttpOptions{}, config, stats_);
  }
  bool boot() { return steps_.run(panel_->boot(deadline())); }
  void upload() {
    steps_.run([this]() -> boost::asio::awaitable<bool> {
      co_await panel_->upload(deadline());
      co_return true;
    }());
  }
  int poll() { return steps_.run(panel_->poll(deadline())); }
  // Polls until `done` holds (the server's sync runs on its own thread).
  template <typename Condition>
  bool poll_until(Condition&& done) {
    return eventually([&] {
      poll();
      return done();
    });
  }
  sim::AccessPanel* operator->() { return panel_.get(); }

 private:
  static sim::AccessPanel::Clock::time_point deadline() {
    return sim::AccessPanel::Clock::now() + std::chrono::seconds(10);
  }

  StepRunner steps_;
  sim::Stats stats_;
  std::unique_ptr<sim::AccessPanel> panel_;
};

}  // namespace zkpush::test
