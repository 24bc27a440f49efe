// An emulated canteen (consumption) terminal, CM102-like, speaking spec 001
// through protocol/canteen only: it boots with GET /iclock/cpos?options=all,
// resumes each log from the stamps it gets back, sells at the counter
// (BUYLOG with storedetail items), recharges (FULLLOG) and hands out the
// credits the server queued (SUBSIDYLOG -> ALLOWLOG), uploads each batch
// until it is acknowledged, polls /iclock/posrequest with its devno, obeys
// the commands (card list, master data, SYNC, ...) and replies on
// /iclock/posdevicecmd. `zkpush sim --profile canteen` runs a fleet of them.
//
// Money lives on the cards (CardPurses), shared by every terminal of a run:
// a card bought at one terminal has the lower balance at the next.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "protocol/canteen/records.h"
#include "sim/http_client.h"
#include "sim/server_replies.h"
#include "sim/stats.h"

namespace zkpush::sim {

using protocol::canteen::Family;

// A card's own memory: its wallets, its transaction counter, the last credit
// batch it took.
struct CardPurse {
  std::string card_no, sys_id;
  int64_t balance = 0, sub_balance = 0;
  int64_t seq = 0;
  int64_t last_batch = 0;
};
using CardPurses = std::map<std::string, CardPurse>;

struct CanteenTerminalConfig {
  std::string sn;
  std::string language = "69";
  int fun_type = 3;  // IsConsumeFunType: consumption + subsidy, dual wallet
  protocol::canteen::FulllogOrder fulllog_order = protocol::canteen::FulllogOrder::kOpidThenRecNo;  // as printed
  double purchases_per_minute = 1.0;  // fleet runs: sales at the counter
  std::chrono::milliseconds start_delay{0};
  std::chrono::milliseconds max_error_delay{std::chrono::hours(1)};
  uint64_t seed = 1;
};

// What the terminal holds of the server's data.
struct CanteenTerminalDb {
  std::map<std::string, std::map<std::string, protocol::Fields>> tables;  // USERINFO by SysID, master data by key
  struct Credit {
    std::string card_no;
    int64_t batch = 0, money = 0;
  };
  std::vector<Credit> credits;  // SUBSIDYLOG rows not yet taken by their card
  struct Record {
    protocol::canteen::Transaction transaction;
    std::vector<protocol::canteen::ItemDetail> items;
  };
  std::map<Family, std::vector<Record>> records;  // every record made, in RecNo order
  std::map<Family, int64_t> uploaded_through;     // the upload breakpoint (from the stamps, then each OK)
  std::map<Family, std::set<int64_t>> resend;     // RecNos a SYNC asked for
  std::map<Family, std::set<int64_t>> lost;       // RecNos the breakpoint skipped (a fault)
  int64_t next_rec_no(Family family) const;
  bool blacklisted(const std::string& card_no) const;
};

class CanteenTerminal {
 public:
  using Clock = std::chrono::steady_clock;

  CanteenTerminal(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint server, HttpOptions http,
                  CanteenTerminalConfig config, Stats& stats, std::shared_ptr<CardPurses> purses);

  // The firmware's main loop until `until` (fleet runs): sales at the
  // configured rate (each uploaded at once when Realtime=1), polls every
  // Delay; sales stop a second before `until`. Never throws.
  boost::asio::awaitable<void> run(Clock::time_point until);
  // Closes the counter now instead of a second before `until`: no more sales,
  // the last ones are uploaded, then run() ends. Call on the terminal's executor.
  void stop();

  // Steps, for tests. `until` bounds every wait and resend.
  boost::asio::awaitable<bool> boot(Clock::time_point until);
  // Uploads every family's new records (and what a SYNC asked for), each
  // batch resent until acknowledged; BUYLOG batches are followed by their items.
  boost::asio::awaitable<bool> upload(Clock::time_point until);
  // One posrequest; executes the commands and replies. Returns how many.
  boost::asio::awaitable<int> poll(Clock::time_point until);
  // A card business request (§8); the server's answer ("OK", "NO") or "" when none came.
  boost::asio::awaitable<std::string> card_request(int rep_type, const std::string& card_no,
                                                   const std::string& password, const std::string& new_password = "");

  // At the counter. A sale of products (StoreNo, from the STOREINFO the
  // server sent) or of a plain amount when `items` is empty; refused
  // (nullopt) for a black-listed card or one without enough money. Dual
  // wallet terminals take from the sub wallet first.
  std::optional<int64_t> purchase(const std::string& card_no, const std::vector<std::string>& items,
                                  int64_t amount = 0, int meal_type = 0);
  // A cashier's recharge (LogType 0), refund (1) or discount (2).
  std::optional<int64_t> recharge(const std::string& card_no, int64_t money, int log_type = 0);
  // The card takes the credits queued for it (SUBSIDYLOG); one ALLOWLOG each.
  int collect_credits(const std::string& card_no);
  // Fault: the next record of `family` is skipped by the upload breakpoint,
  // as if lost; only a SYNC brings it to the server.
  void lose_next(Family family);

  const std::string& sn() const { return config_.sn; }
  const CanteenTerminalDb& db() const { return db_; }
  const ServerOptions& server_options() const { return options_; }

 private:
  boost::asio::awaitable<HttpResult> send(const char* endpoint, std::string_view method, const std::string& target,
                                          std::string body);
  boost::asio::awaitable<bool> post_until_acked(const char* endpoint, const std::string& target, std::string body,
                                                Clock::time_point until);
  boost::asio::awaitable<bool> upload_family(Family family, Clock::time_point until);
  boost::asio::awaitable<void> sleep_until(Clock::time_point when);
  boost::asio::awaitable<void> error_pause(Clock::time_point until);
  protocol::canteen::Transaction& add_record(Family family, CardPurse& card);
  std::string local_time() const;
  CardPurse& purse(const std::string& card_no);

  boost::asio::any_io_executor executor_;
  HttpClient http_;
  CanteenTerminalConfig config_;
  Stats& stats_;
  std::shared_ptr<CardPurses> purses_;
  CanteenTerminalDb db_;
  ServerOptions options_;
  std::mt19937_64 random_;
  boost::asio::steady_timer wake_;  // run()'s wait for the next sale or poll; stop() cancels it
  bool stopped_ = false;
};

// Executes one server command against the terminal's database; returns the
// reply record ("ID=..&Return=..&CMD=..", INFO with its key=value lines).
// Sets `reboot` for REBOOT and `check` for CHECK.
std::string execute_canteen_command(CanteenTerminalDb& db, const ServerCommand& command, bool& reboot, bool& check);

}  // namespace zkpush::sim
