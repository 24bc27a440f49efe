#include "sim/canteen_terminal.h"

#include <algorithm>

#include "protocol/canteen/family.h"
#include "protocol/canteen/record_lines.h"
#include "protocol/text.h"
#include "sim/sleep.h"
#include "util/clock.h"

namespace zkpush::sim {

namespace asio = boost::asio;
namespace cp = protocol::canteen;

namespace {

constexpr std::size_t kBatchLines = 100;

long long system_seconds() { return now_ms() / 1000; }

std::string field(const protocol::Fields& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return {};
}

}  // namespace

CanteenTerminal::CanteenTerminal(asio::any_io_executor executor, asio::ip::tcp::endpoint server, HttpOptions http,
                                 CanteenTerminalConfig config, Stats& stats, std::shared_ptr<CardPurses> purses)
    : executor_(executor),
      http_(executor, server, http),
      config_(std::move(config)),
      stats_(stats),
      purses_(std::move(purses)),
      random_(config_.seed),
      wake_(executor) {}

void CanteenTerminal::stop() {
  stopped_ = true;
  wake_.cancel();
}

std::string CanteenTerminal::local_time() const {
  return format_record_time(system_seconds() + options_.time_zone_minutes * 60LL);
}

CardPurse& CanteenTerminal::purse(const std::string& card_no) {
  CardPurse& p = (*purses_)[card_no];
  if (p.card_no.empty()) {
    p.card_no = card_no;
    p.sys_id = card_no;
    // The server's card list names the card's SysID.
    for (const auto& [sys_id, fields] : db_.tables["USERINFO"])
      if (field(fields, "CardNo") == card_no) p.sys_id = sys_id;
  }
  return p;
}

asio::awaitable<void> CanteenTerminal::sleep_until(Clock::time_point when) { co_await sim::sleep_until(executor_, when); }

asio::awaitable<void> CanteenTerminal::error_pause(Clock::time_point until) {
  auto wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(options_.error_delay_s), config_.max_error_delay);
  co_await sleep_until(std::min(until, Clock::now() + wait));
}

asio::awaitable<HttpResult> CanteenTerminal::send(const char* endpoint, std::string_view method,
                                                  const std::string& target, std::string body) {
  HttpResult r = co_await http_.request(method, target, std::move(body));
  stats_.record(endpoint, r);
  co_return r;
}

asio::awaitable<bool> CanteenTerminal::post_until_acked(const char* endpoint, const std::string& target,
                                                        std::string body, Clock::time_point until) {
  while (Clock::now() < until) {
    HttpResult r = co_await send(endpoint, "POST", target, body);
    if (r.status == 200 && protocol::trim(r.body) == "OK") co_return true;  // §6: anything else, send again
    if (r.status == 200) stats_.count_error("unexpected reply: " + r.body.substr(0, 20));
    co_await error_pause(until);
  }
  co_return false;
}

asio::awaitable<bool> CanteenTerminal::boot(Clock::time_point until) {
  // The spec's own request (L385-L389, capture D09).
  const std::string target = "/iclock/cpos?SN=" + config_.sn +
                             "&options=all&fireVer=Ver_2020.0.0.2-20181011&build=0001&ip=127.0.0.1&language=" +
                             config_.language + "&deviceName=CM102&device_type=30&IsConsumeFunType=" +
                             std::to_string(config_.fun_type) + "&pushver=4.0.1";
  while (Clock::now() < until) {
    HttpResult r = co_await send("cpos options", "GET", target, {});
    if (r.status == 200) {
      options_ = parse_handshake_reply(config_.sn, r.body);
      if (options_.registered) {
        // Breakpoint resume (§3.3): each log goes on after the StampId the server holds.
        for (const auto& f : cp::kFamilies) {
          auto stored = protocol::parse_int(options_.values[cp::stamp_id_key(f.family)]).value_or(0);
          db_.uploaded_through[f.family] = stored;
        }
        ++stats_.terminals_booted;
        co_return true;
      }
    }
    co_await error_pause(until);
  }
  co_return false;
}

cp::Transaction& CanteenTerminal::add_record(Family family, CardPurse& card) {
  cp::Transaction t;
  t.family = family;
  t.rec_no = db_.next_rec_no(family);
  t.sys_id = card.sys_id;
  t.card_no = card.card_no;
  t.card_seq = ++card.seq;
  t.time = local_time();
  t.op_id = "0";
  auto& records = db_.records[family];
  records.push_back({std::move(t), {}});
  return records.back().transaction;
}

std::optional<int64_t> CanteenTerminal::purchase(const std::string& card_no, const std::vector<std::string>& items,
                                                 int64_t amount, int meal_type) {
  std::vector<cp::ItemDetail> lines;
  for (const std::string& store_no : items) {
    const auto& products = db_.tables["STOREINFO"];
    auto product = products.find(store_no);
    if (product == products.end()) return std::nullopt;
    const int64_t price = protocol::parse_int(field(product->second, "Price")).value_or(0);
    amount += price;
    lines.push_back({cp::ItemDetail::Kind::kProduct, 0, store_no, price, std::to_string(lines.size() + 1)});
  }
  if (db_.blacklisted(card_no)) return std::nullopt;
  CardPurse& card = purse(card_no);
  const bool dual = (config_.fun_type & 2) != 0;
  const int64_t from_sub = dual ? std::min(card.sub_balance, amount) : 0;
  if (card.balance + from_sub < amount) return std::nullopt;
  card.sub_balance -= from_sub;
  card.balance -= amount - from_sub;
  cp::Transaction& t = add_record(Family::kPos, card);
  t.money = amount - from_sub;
  t.balance = card.balance;
  t.meal_type = meal_type;
  t.meal_date = t.time.substr(0, 10);
  if (dual) t.sub = cp::SubWallet{from_sub, card.sub_balance, ""};
  for (auto& line : lines) line.rec_no = t.rec_no;
  db_.records[Family::kPos].back().items = std::move(lines);
  return t.rec_no;
}

std::optional<int64_t> CanteenTerminal::recharge(const std::string& card_no, int64_t money, int log_type) {
  if (db_.blacklisted(card_no)) return std::nullopt;
  CardPurse& card = purse(card_no);
  const int64_t effect = log_type == 1 ? -money : money;
  if (card.balance + effect < 0) return std::nullopt;
  card.balance += effect;
  cp::Transaction& t = add_record(Family::kFull, card);
  t.money = money;
  t.balance = card.balance;
  t.kind = log_type;
  return t.rec_no;
}

int CanteenTerminal::collect_credits(const std::string& card_no) {
  if (db_.blacklisted(card_no)) return 0;
  CardPurse& card = purse(card_no);
  int collected = 0;
  std::erase_if(db_.credits, [&](const CanteenTerminalDb::Credit& c) {
    if (c.card_no != card_no || c.batch <= card.last_batch) return false;
    card.balance += c.money;
    card.last_batch = c.batch;
    cp::Transaction& t = add_record(Family::kAllow, card);
    t.money = c.money;
    t.balance = card.balance;
    t.batch = c.batch;
    t.base_batch = c.batch;
    ++collected;
    return true;
  });
  return collected;
}

void CanteenTerminal::lose_next(Family family) { db_.lost[family].insert(db_.next_rec_no(family)); }

asio::awaitable<bool> CanteenTerminal::upload_family(Family family, Clock::time_point until) {
  const auto& names = cp::names_of(family);
  auto& records = db_.records[family];
  auto& through = db_.uploaded_through[family];
  auto& resend = db_.resend[family];
  const auto& lost = db_.lost[family];
  std::vector<const CanteenTerminalDb::Record*> batch;
  for (const auto& r : records) {
    const int64_t rec_no = r.transaction.rec_no;
    const bool fresh = rec_no > through && !lost.count(rec_no);
    if (fresh || resend.count(rec_no)) batch.push_back(&r);
  }
  for (std::size_t start = 0; start < batch.size(); start += kBatchLines) {
    const std::size_t end = std::min(batch.size(), start + kBatchLines);
    std::string body, items;
    int64_t highest = 0;
    for (std::size_t i = start; i < end; ++i) {
      const auto& t = batch[i]->transaction;
      if (!body.empty()) body.push_back('\n');
      body += family == Family::kPos    ? cp::format_buylog_line(t)
              : family == Family::kFull ? cp::format_fulllog_line(t, config_.fulllog_order)
                                        : cp::format_allowlog_line(t);
      for (const auto& item : batch[i]->items) {
        if (!items.empty()) items.push_back('\n');
        items += cp::format_item_line(item);
      }
      highest = std::max(highest, t.rec_no);
    }
    const std::string stamp = batch[end - 1]->transaction.time;
    std::string target = "/iclock/cpos?SN=" + config_.sn + "&table=" + std::string(names.upload_table) +
                         "&Stamp=" + stamp.substr(0, 10) + "T" + stamp.substr(11) + "&StampId=" + std::to_string(highest);
    stats_.records_sent += end - start;
    if (!co_await post_until_acked("cpos upload", target, std::move(body), until)) co_return false;
    stats_.records_acked += end - start;
    if (!items.empty() &&
        !co_await post_until_acked("cpos upload", "/iclock/cpos?SN=" + config_.sn + "&table=storedetail",
                                   std::move(items), until))
      co_return false;
    for (std::size_t i = start; i < end; ++i) {
      const int64_t rec_no = batch[i]->transaction.rec_no;
      resend.erase(rec_no);
      if (!lost.count(rec_no)) through = std::max(through, rec_no);
    }
  }
  co_return true;
}

asio::awaitable<bool> CanteenTerminal::upload(Clock::time_point until) {
  bool all = true;
  for (const auto& f : cp::kFamilies) all = co_await upload_family(f.family, until) && all;
  co_return all;
}

asio::awaitable<int> CanteenTerminal::poll(Clock::time_point until) {
  // The machine type the server set decides which log the poll reports (§7, A-41).
  const int machine_type = static_cast<int>(protocol::parse_int(options_.values["MachineType"]).value_or(0));
  const Family family = machine_type == 1 ? Family::kFull : machine_type == 2 ? Family::kAllow : Family::kPos;
  const std::string target = "/iclock/posrequest?SN=" + config_.sn + "&type=" + std::string(cp::names_of(family).name) +
                             "&devno=" + std::to_string(db_.next_rec_no(family) - 1);
  HttpResult r = co_await send("posrequest", "GET", target, {});
  if (r.status != 200) co_return 0;
  const auto commands = parse_command_lines(r.body);
  if (commands.empty()) co_return 0;
  std::string replies;
  bool reboot = false, check = false;
  for (const auto& c : commands) {
    if (!replies.empty()) replies.push_back('\n');
    replies += execute_canteen_command(db_, c, reboot, check);
    ++stats_.commands_executed;
    if (reboot) break;  // §7.5: nothing after REBOOT
  }
  co_await send("posdevicecmd", "POST", "/iclock/posdevicecmd?SN=" + config_.sn, std::move(replies));
  if (reboot || check) co_await boot(until);
  co_await upload(until);  // what a SYNC asked for goes up at once
  co_return static_cast<int>(commands.size());
}

asio::awaitable<std::string> CanteenTerminal::card_request(int rep_type, const std::string& card_no,
                                                           const std::string& password,
                                                           const std::string& new_password) {
  std::string target = "/iclock/posrequest?SN=" + config_.sn + "&RepType=" + std::to_string(rep_type) +
                       "&Card=" + card_no;
  target += rep_type >= 4 ? "&OldPwd=" + password + "&NewPwd=" + new_password : "&Pwd=" + password;
  HttpResult r = co_await send("card request", "GET", target, {});
  co_return r.status == 200 ? std::string(protocol::trim(r.body)) : std::string();
}

asio::awaitable<void> CanteenTerminal::run(Clock::time_point until) {
  co_await sleep_until(std::min(until, Clock::now() + config_.start_delay));
  if (!co_await boot(until)) co_return;
  co_await poll(until);  // the card list and the products
  using Seconds = std::chrono::duration<double>;
  const double per_sale_s = config_.purchases_per_minute > 0 ? 60.0 / config_.purchases_per_minute : 0;
  auto next_sale = per_sale_s > 0 ? Clock::now() : Clock::time_point::max();
  // The counter closes a second before the end, so the last sales are uploaded in the run.
  const auto closing = until - std::chrono::seconds(1);
  auto next_poll = Clock::now() + std::chrono::seconds(options_.delay_s);
  while (Clock::now() < until && !stopped_) {
    bool sold = false;
    for (; Clock::now() >= next_sale && Clock::now() < closing && !stopped_;
         next_sale += std::chrono::duration_cast<Clock::duration>(Seconds(per_sale_s))) {
      // A card from the server's list (or a walk-in card), one product if any are known.
      std::vector<std::string> cards;
      for (const auto& [sys_id, fields] : db_.tables["USERINFO"]) cards.push_back(field(fields, "CardNo"));
      if (cards.empty()) cards.push_back(config_.sn + "-1");
      const std::string card = cards[random_() % cards.size()];
      std::vector<std::string> products;
      for (const auto& [store_no, fields] : db_.tables["STOREINFO"]) products.push_back(store_no);
      std::vector<std::string> items;
      if (!products.empty()) items.push_back(products[random_() % products.size()]);
      const int64_t amount = items.empty() ? 350 : 0;
      if (!purchase(card, items, amount, 1) && recharge(card, 20000)) purchase(card, items, amount, 1);  // topped up first
      sold = true;
    }
    if (Clock::now() >= closing) next_sale = Clock::time_point::max();
    if (sold && options_.realtime) co_await upload(until);
    if (Clock::now() >= next_poll) {
      if (!options_.realtime) co_await upload(until);  // otherwise uploaded as sold
      co_await poll(until);
      next_poll = Clock::now() + std::chrono::seconds(options_.delay_s);
    }
    if (!stopped_) co_await sim::sleep_until(wake_, std::min(std::min(next_poll, next_sale), until));
  }
  if (stopped_) co_await upload(until);  // the counter closed early: its last sales still go up
}

}  // namespace zkpush::sim
